-- Real staff accounts: created on the command line (`portal-server staff add`) without a usable
-- password; the person sets their own with a one-time setup code (only its salted SHA-256 is
-- kept, valid 24 hours, used once). An empty password_hash means "waiting for a password".
-- A disabled account cannot log in. Demo accounts are marked, so that the server can disable
-- them whenever it starts without demo mode (and enable them again with it).
ALTER TABLE staff ADD COLUMN disabled_at INTEGER;
ALTER TABLE staff ADD COLUMN setup_salt BLOB;
ALTER TABLE staff ADD COLUMN setup_code_hash BLOB;
ALTER TABLE staff ADD COLUMN setup_expires_at INTEGER;
ALTER TABLE staff ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));

-- The accounts the demo seed made before this migration (their usernames and the demo's hashes).
UPDATE staff SET demo = 1
WHERE (username = 'handler'
       AND password_hash = '$argon2id$v=19$m=19456,t=2,p=1$1EomHNBzDaJUBxkgXVBujg$iOoUZ02rKolYD10HHJE73KdrJr0/nuUvMh9tCASxVqY')
   OR (username = 'supervisor'
       AND password_hash = '$argon2id$v=19$m=19456,t=2,p=1$e3x+E2VMycG7xQqvpC2ZVg$W27/aknXDdOouAmsT+pJl3FzAfTeIY/buvl6qCk77Ys');
