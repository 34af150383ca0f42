//! The uploader's decisions that need no browser, kept apart so they are tested natively: where a
//! file chosen again resumes, how large the next chunk is, what is retried and after how long.

use portal_core::api::ErrorCode;

use crate::api::ApiFailure;

/// Bytes of the first PATCH: small enough to lose little on a slow network (0.35 s at
/// 1.5 Mbit/s); a chunk that went fast doubles the next one, up to [`CHUNK_MAX`].
pub const CHUNK_MIN: u64 = 64 * 1024;
pub const CHUNK_MAX: u64 = 4 * 1024 * 1024;
/// A chunk sent quicker than this (ms) makes the next one twice as large.
const FAST_MS: f64 = 1000.0;

/// How long to wait offline before trying again anyway (ms); coming back online ends it early.
const OFFLINE_PAUSE_MS: i32 = 30_000;

/// Where a file chosen again continues, given what the server answered about its upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    /// From this offset: the server has the bytes before it.
    From(u64),
    /// The upload expired meanwhile: the file is here again, so it starts over without a word.
    StartOver,
    /// The server could not be asked: it is asked again when sending.
    AskWhenSending,
}

/// The resume point from the server's answer to "how many bytes do you have".
pub fn resume(offset: Result<u64, ApiFailure>) -> Resume {
    match offset {
        Ok(offset) => Resume::From(offset),
        Err(failure) if failure.code() == Some(ErrorCode::UploadUnknown) => Resume::StartOver,
        Err(_) => Resume::AskWhenSending,
    }
}

/// Whether an upload of `uploaded_length` bytes can hold the file prepared now (`length` bytes): a
/// photo made smaller differently this time has other bytes than the server has.
pub fn same_bytes(uploaded_length: f64, length: u64) -> bool {
    uploaded_length as u64 == length
}

/// Where the chunk that starts at `offset` ends (exclusive), in a file of `total` bytes.
pub fn chunk_end(offset: u64, chunk_size: u64, total: u64) -> u64 {
    offset.saturating_add(chunk_size).min(total)
}

/// The size of the chunk after one of `chunk_size` bytes that took `elapsed_ms`: twice as large if
/// it went fast, at most [`CHUNK_MAX`].
pub fn next_chunk_size(chunk_size: u64, elapsed_ms: f64) -> u64 {
    if elapsed_ms < FAST_MS {
        (chunk_size * 2).min(CHUNK_MAX)
    } else {
        chunk_size
    }
}

/// Network trouble and server hiccups are retried; what the server refuses is not.
pub fn retryable(failure: &ApiFailure) -> bool {
    match failure {
        ApiFailure::Network => true,
        ApiFailure::UnexpectedStatus(status) => *status >= 500 || *status == 429,
        ApiFailure::Problem(problem) => problem.status >= 500 || problem.status == 429,
    }
}

/// The pause before retry number `attempt` (1 s, 2 s, 4 s … at most 30 s).
pub fn backoff_ms(attempt: u32) -> i32 {
    1000i32.saturating_mul(1 << attempt.min(5)).min(30_000)
}

/// The pause before the next try of a file that failed `attempt` times in a row: the backoff while
/// the browser is online, half a minute while it is offline (ended early when it comes back).
pub fn retry_pause_ms(online: bool, attempt: u32) -> i32 {
    if online {
        backoff_ms(attempt)
    } else {
        OFFLINE_PAUSE_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::api::Problem;

    fn problem(status: u16, code: ErrorCode) -> ApiFailure {
        ApiFailure::Problem(Problem {
            problem_type: "about:blank".into(),
            title: "test".into(),
            status,
            code,
            detail: None,
            errors: Vec::new(),
        })
    }

    #[test]
    fn a_file_chosen_again_resumes_from_the_servers_offset() {
        assert_eq!(resume(Ok(0)), Resume::From(0));
        assert_eq!(resume(Ok(3 * CHUNK_MIN)), Resume::From(3 * CHUNK_MIN));
    }

    #[test]
    fn an_expired_upload_starts_over() {
        assert_eq!(
            resume(Err(problem(404, ErrorCode::UploadUnknown))),
            Resume::StartOver
        );
    }

    #[test]
    fn a_server_that_cannot_be_asked_is_asked_again_when_sending() {
        assert_eq!(resume(Err(ApiFailure::Network)), Resume::AskWhenSending);
        assert_eq!(
            resume(Err(ApiFailure::UnexpectedStatus(502))),
            Resume::AskWhenSending
        );
        assert_eq!(
            resume(Err(problem(409, ErrorCode::ConcurrentChange))),
            Resume::AskWhenSending
        );
    }

    #[test]
    fn a_photo_made_smaller_differently_is_not_the_uploaded_bytes() {
        assert!(same_bytes(1_234_567.0, 1_234_567));
        assert!(!same_bytes(1_234_567.0, 1_234_568));
    }

    #[test]
    fn the_last_chunk_ends_at_the_files_end() {
        assert_eq!(chunk_end(0, CHUNK_MIN, 10 * CHUNK_MIN), CHUNK_MIN);
        assert_eq!(chunk_end(CHUNK_MIN, CHUNK_MAX, 100_000), 100_000);
        assert_eq!(chunk_end(u64::MAX - 1, CHUNK_MAX, u64::MAX), u64::MAX);
    }

    #[test]
    fn a_fast_chunk_doubles_the_next_up_to_four_mib() {
        assert_eq!(next_chunk_size(CHUNK_MIN, 200.0), 2 * CHUNK_MIN);
        assert_eq!(next_chunk_size(CHUNK_MAX / 2, 999.9), CHUNK_MAX);
        assert_eq!(next_chunk_size(CHUNK_MAX, 10.0), CHUNK_MAX);
    }

    #[test]
    fn a_slow_chunk_keeps_the_next_the_same_size() {
        assert_eq!(next_chunk_size(CHUNK_MIN, 1000.0), CHUNK_MIN);
        assert_eq!(next_chunk_size(4 * CHUNK_MIN, 5000.0), 4 * CHUNK_MIN);
    }

    #[test]
    fn a_fast_upload_of_ten_mib_goes_in_growing_chunks_without_gaps() {
        let total = 10 * 1024 * 1024;
        let (mut offset, mut size, mut chunks) = (0, CHUNK_MIN, Vec::new());
        while offset < total {
            let end = chunk_end(offset, size, total);
            chunks.push(end - offset);
            offset = end;
            size = next_chunk_size(size, 100.0);
        }
        let kib = |n: u64| n * 1024;
        assert_eq!(
            chunks,
            [
                kib(64),
                kib(128),
                kib(256),
                kib(512),
                kib(1024),
                kib(2048),
                kib(4096),
                // 10 MiB less the 8,128 KiB above.
                kib(2112),
            ]
        );
    }

    #[test]
    fn network_trouble_and_server_hiccups_are_retried() {
        assert!(retryable(&ApiFailure::Network));
        assert!(retryable(&ApiFailure::UnexpectedStatus(503)));
        assert!(retryable(&ApiFailure::UnexpectedStatus(429)));
        assert!(retryable(&problem(500, ErrorCode::Internal)));
        assert!(retryable(&problem(429, ErrorCode::RateLimited)));
    }

    #[test]
    fn what_the_server_refuses_is_not_retried() {
        assert!(!retryable(&ApiFailure::UnexpectedStatus(404)));
        assert!(!retryable(&problem(413, ErrorCode::FileTooLarge)));
        assert!(!retryable(&problem(415, ErrorCode::FileTypeNotAllowed)));
        assert!(!retryable(&problem(401, ErrorCode::Unauthenticated)));
    }

    #[test]
    fn retries_back_off_up_to_half_a_minute() {
        let pauses: Vec<i32> = (0..8).map(backoff_ms).collect();
        assert_eq!(
            pauses,
            [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]
        );
        assert_eq!(backoff_ms(u32::MAX), 30_000);
    }

    #[test]
    fn offline_the_next_try_waits_half_a_minute_unless_the_network_returns() {
        assert_eq!(retry_pause_ms(true, 0), 1000);
        assert_eq!(retry_pause_ms(true, 2), 4000);
        assert_eq!(retry_pause_ms(false, 0), 30_000);
    }
}
