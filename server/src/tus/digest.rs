//! SHA-256 that can stop after any PATCH and go on in another request (or on another replica):
//! its state is eight words and the tail not yet hashed, small enough for a database column.

use sha2::digest::generic_array::GenericArray;

const BLOCK: usize = 64;
const INITIAL: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// A running SHA-256 over an upload's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumableSha256 {
    state: [u32; 8],
    /// Bytes hashed so far, tail included.
    length: u64,
    tail: Vec<u8>,
}

impl Default for ResumableSha256 {
    fn default() -> Self {
        ResumableSha256 {
            state: INITIAL,
            length: 0,
            tail: Vec::with_capacity(BLOCK),
        }
    }
}

impl ResumableSha256 {
    /// Continues from [`ResumableSha256::saved`] after `length` bytes; `None` if the saved state
    /// does not fit that length.
    pub fn restore(saved: &[u8], length: u64) -> Option<ResumableSha256> {
        if saved.is_empty() && length == 0 {
            return Some(ResumableSha256::default());
        }
        let tail_len = usize::try_from(length % BLOCK as u64).ok()?;
        if saved.len() != 32 + tail_len {
            return None;
        }
        let mut state = [0u32; 8];
        for (word, bytes) in state.iter_mut().zip(saved.chunks_exact(4)) {
            *word = u32::from_be_bytes(bytes.try_into().ok()?);
        }
        let mut tail = Vec::with_capacity(BLOCK);
        tail.extend_from_slice(&saved[32..]);
        Some(ResumableSha256 {
            state,
            length,
            tail,
        })
    }

    /// The state to store: the eight words, then the unhashed tail.
    pub fn saved(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.tail.len());
        for word in self.state {
            out.extend_from_slice(&word.to_be_bytes());
        }
        out.extend_from_slice(&self.tail);
        out
    }

    /// Hashes more bytes.
    pub fn update(&mut self, mut data: &[u8]) {
        self.length += data.len() as u64;
        if !self.tail.is_empty() {
            let take = (BLOCK - self.tail.len()).min(data.len());
            self.tail.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.tail.len() < BLOCK {
                return;
            }
            sha2::compress256(&mut self.state, &[*GenericArray::from_slice(&self.tail)]);
            self.tail.clear();
        }
        let mut blocks = data.chunks_exact(BLOCK);
        for block in &mut blocks {
            sha2::compress256(&mut self.state, &[*GenericArray::from_slice(block)]);
        }
        self.tail.extend_from_slice(blocks.remainder());
    }

    /// The digest of everything hashed, as lower-case hex.
    pub fn finish_hex(&self) -> String {
        let mut state = self.state;
        let mut last = self.tail.clone();
        last.push(0x80);
        while last.len() % BLOCK != BLOCK - 8 {
            last.push(0);
        }
        last.extend_from_slice(&(self.length.wrapping_mul(8)).to_be_bytes());
        for block in last.chunks_exact(BLOCK) {
            sha2::compress256(&mut state, &[*GenericArray::from_slice(block)]);
        }
        state.iter().map(|word| format!("{word:08x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    fn reference(data: &[u8]) -> String {
        Sha256::digest(data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn hashing_in_saved_pieces_gives_the_one_shot_digest() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for cuts in [
            vec![],
            vec![1],
            vec![63, 64, 65],
            vec![55, 56, 57, 200],
            vec![3, 4000, 4001],
        ] {
            let mut hasher = ResumableSha256::default();
            let mut from = 0;
            for cut in cuts.iter().copied().chain([data.len()]) {
                hasher.update(&data[from..cut]);
                let saved = hasher.saved();
                hasher = ResumableSha256::restore(&saved, cut as u64).unwrap_or_default();
                from = cut;
            }
            assert_eq!(hasher.finish_hex(), reference(&data), "cuts {cuts:?}");
        }
        assert_eq!(ResumableSha256::default().finish_hex(), reference(b""));
    }

    #[test]
    fn a_saved_state_of_the_wrong_length_is_refused() {
        assert!(ResumableSha256::restore(&[0; 32], 5).is_none());
        assert!(ResumableSha256::restore(&[0; 37], 5).is_some());
    }
}
