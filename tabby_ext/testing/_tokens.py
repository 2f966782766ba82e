"""A deterministic stand-in tokenizer and embedding function.

A token is a run of non-space characters with its leading whitespace, so decode(encode(x)) == x;
ids come from a CRC of the piece, so they are stable across runs and servers.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import struct
import zlib

BOS_ID = 1
EOS_ID = 2
#: How the special tokens decode (unless the request sets decode_special_tokens false).
SPECIAL_TEXT = {BOS_ID: "<s>", EOS_ID: "</s>"}
_FIRST_ID = 1000
_ID_SPACE = 1_000_000
_PIECES = re.compile(r"\s*\S+|\s+")


def split_pieces(text: str) -> list[str]:
    return _PIECES.findall(text)


def count_tokens(text: str) -> int:
    """Tokens in `text`, BOS included."""
    return len(split_pieces(text)) + 1


class Tokenizer:
    """Maps pieces to ids and back; remembers every piece it has seen."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._pieces: dict[int, str] = {}

    def token_id(self, piece: str) -> int:
        known = self._ids.get(piece)
        if known is not None:
            return known
        candidate = _FIRST_ID + zlib.crc32(piece.encode()) % _ID_SPACE
        while candidate in self._pieces:
            candidate += 1
        self._ids[piece] = candidate
        self._pieces[candidate] = piece
        return candidate

    def encode(self, text: str, add_bos: bool = True) -> list[int]:
        ids = [self.token_id(piece) for piece in split_pieces(text)]
        return [BOS_ID, *ids] if add_bos else ids

    def decode(self, ids: list[int], special: bool = True) -> str:
        """Unknown ids decode to nothing; BOS and EOS to "<s>" and "</s>" (nothing unless
        `special`), as TabbyAPI's token decode does: "<s>Hello</s>"."""
        specials = SPECIAL_TEXT if special else {}
        return "".join(specials.get(token) or self._pieces.get(token, "") for token in ids)


def embed(text: str, dimensions: int) -> list[float]:
    """A unit-length vector derived from a hash of `text`."""
    raw = hashlib.shake_256(text.encode()).digest(dimensions * 2)
    values = [
        (int.from_bytes(raw[i : i + 2], "little") / 32767.5) - 1.0 for i in range(0, len(raw), 2)
    ]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [round(v / norm, 6) for v in values]


def embedding_base64(vector: list[float]) -> str:
    """OpenAI's `encoding_format: "base64"`: little-endian float32s, base64-encoded."""
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
