// A real SMTP server on loopback for the email tests: `node sink.mjs` listens on 127.0.0.1 (a
// free port), prints `{"port": N}` on the first line, then one JSON line per message received:
// the envelope, the parsed headers, the plain-text and HTML parts and the MIME structure.
// No TLS, any login accepted: for tests only. Stops when its standard input closes.
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

const server = new SMTPServer({
  secure: false,
  disabledCommands: ["STARTTLS"],
  authOptional: true,
  allowInsecureAuth: true,
  logger: false,
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username });
  },
  // An address starting with "bounce" is refused for good (550), as a mailbox that does not exist.
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith("bounce")) {
      const error = new Error("5.1.1 mailbox unavailable");
      error.responseCode = 550;
      return callback(error);
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", async () => {
      const raw = Buffer.concat(chunks);
      try {
        const mail = await simpleParser(raw);
        const contentType = mail.headers.get("content-type");
        const line = {
          envelope: {
            from: session.envelope.mailFrom && session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          user: session.user ?? null,
          messageId: mail.messageId ?? null,
          subject: mail.subject ?? null,
          from: mail.from ? mail.from.text : null,
          to: mail.to ? mail.to.text : null,
          contentType: contentType ? contentType.value : null,
          text: mail.text ?? null,
          html: typeof mail.html === "string" ? mail.html : null,
          raw: raw.toString("utf8"),
        };
        process.stdout.write(JSON.stringify(line) + "\n");
        callback();
      } catch (error) {
        callback(error);
      }
    });
  },
});

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: server.server.address().port }) + "\n");
});
process.stdin.on("end", () => server.close(() => process.exit(0)));
process.stdin.resume();
