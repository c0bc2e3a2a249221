"""Passwords, hashed with argon2id at OWASP's recommended minimum or stronger."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1 at least.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_LENGTH = 12
MAX_LENGTH = 256
# Checked against when no account matches, so both cases take the same time.
_UNKNOWN_ACCOUNT = HASHER.hash("no account has this password")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return HASHER.verify(password_hash or _UNKNOWN_ACCOUNT, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)
