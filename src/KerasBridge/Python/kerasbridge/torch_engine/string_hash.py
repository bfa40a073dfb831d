"""TensorFlow's string hash buckets without TensorFlow, for IndexLookup's oov_method "farmhash" (and its salt), Hashing
and HashedCrossing.

Sources: keras/src/layers/preprocessing/index_lookup.py `_lookup_dense` (tf.strings.as_string of an integer token,
then tf.strings.to_hash_bucket_fast, or to_hash_bucket_strong with the salt as key) and TensorFlow's kernels for
them: to_hash_bucket_fast is FarmHash's Fingerprint64 (farmhashna::Hash64, github.com/google/farmhash) modulo the
bucket count; to_hash_bucket_strong is SipHash-2-4 keyed by the two salt values, modulo the bucket count.
"""

import struct

import numpy as np

_MASK = (1 << 64) - 1
_K0, _K1, _K2 = 0xc3a5c85c97cb3127, 0xb492b66fbe98f273, 0x9ae16a3b2f90404f


def _u64(data, at):
    return struct.unpack_from("<Q", data, at)[0]


def _u32(data, at):
    return struct.unpack_from("<I", data, at)[0]


def _ror(value, shift):
    return ((value >> shift) | (value << (64 - shift))) & _MASK if shift else value


def _shift_mix(value):
    return value ^ (value >> 47)


def _hash_len16(u, v, mul):
    a = ((u ^ v) * mul) & _MASK
    a ^= a >> 47
    b = ((v ^ a) * mul) & _MASK
    b ^= b >> 47
    return (b * mul) & _MASK


def _len_0_to_16(s, n):
    if n >= 8:
        mul = _K2 + n * 2
        a = (_u64(s, 0) + _K2) & _MASK
        b = _u64(s, n - 8)
        c = (_ror(b, 37) * mul + a) & _MASK
        d = ((_ror(a, 25) + b) * mul) & _MASK
        return _hash_len16(c, d, mul)
    if n >= 4:
        mul = _K2 + n * 2
        return _hash_len16(n + (_u32(s, 0) << 3), _u32(s, n - 4), mul)
    if n > 0:
        y = s[0] + (s[n >> 1] << 8)
        z = n + (s[n - 1] << 2)
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _MASK) * _K2) & _MASK
    return _K2


def _head(s, n, first):
    """The mul, a, b, c, d both 17-32 and 33-64 byte hashes start from (a's factor differs)."""
    mul = _K2 + n * 2
    a, c, d = (_u64(s, 0) * first) & _MASK, (_u64(s, n - 8) * mul) & _MASK, (_u64(s, n - 16) * _K2) & _MASK
    return mul, a, _u64(s, 8), c, d


def _len_17_to_32(s, n):
    mul, a, b, c, d = _head(s, n, _K1)
    return _hash_len16((_ror((a + b) & _MASK, 43) + _ror(c, 30) + d) & _MASK,
                       (a + _ror((b + _K2) & _MASK, 18) + c) & _MASK, mul)


def _len_33_to_64(s, n):
    mul, a, b, c, d = _head(s, n, _K2)
    y = (_ror((a + b) & _MASK, 43) + _ror(c, 30) + d) & _MASK
    z = _hash_len16(y, (a + _ror((b + _K2) & _MASK, 18) + c) & _MASK, mul)
    e = (_u64(s, 16) * mul) & _MASK
    f = _u64(s, 24)
    g = ((y + _u64(s, n - 32)) * mul) & _MASK
    h = ((z + _u64(s, n - 24)) * mul) & _MASK
    return _hash_len16((_ror((e + f) & _MASK, 43) + _ror(g, 30) + h) & _MASK,
                       (e + _ror((f + a) & _MASK, 18) + g) & _MASK, mul)


def _weak_len32(s, at, a, b):
    w, x, y, z = _u64(s, at), _u64(s, at + 8), _u64(s, at + 16), _u64(s, at + 24)
    a = (a + w) & _MASK
    b = _ror((b + a + z) & _MASK, 21)
    c = a
    a = (a + x + y) & _MASK
    b = (b + _ror(a, 44)) & _MASK
    return (a + z) & _MASK, (b + c) & _MASK


def fingerprint64(s):
    """FarmHash Fingerprint64 of bytes (farmhashna::Hash64)."""
    n = len(s)
    if n <= 16:
        return _len_0_to_16(s, n)
    if n <= 32:
        return _len_17_to_32(s, n)
    if n <= 64:
        return _len_33_to_64(s, n)
    seed = 81
    x, y = seed, (seed * _K1 + 113) & _MASK
    z = (_shift_mix((y * _K2 + 113) & _MASK) * _K2) & _MASK
    v, w = (0, 0), (0, 0)
    x = (x * _K2 + _u64(s, 0)) & _MASK
    end = ((n - 1) // 64) * 64
    last64 = end + ((n - 1) & 63) - 63
    at = 0
    while True:
        x = (_ror((x + y + v[0] + _u64(s, at + 8)) & _MASK, 37) * _K1) & _MASK
        y = (_ror((y + v[1] + _u64(s, at + 48)) & _MASK, 42) * _K1) & _MASK
        x ^= w[1]
        y = (y + v[0] + _u64(s, at + 40)) & _MASK
        z = (_ror((z + w[0]) & _MASK, 33) * _K1) & _MASK
        v = _weak_len32(s, at, (v[1] * _K1) & _MASK, (x + w[0]) & _MASK)
        w = _weak_len32(s, at + 32, (z + w[1]) & _MASK, (y + _u64(s, at + 16)) & _MASK)
        z, x = x, z
        at += 64
        if at == end:
            break
    mul = _K1 + ((z & 0xff) << 1)
    at = last64
    w = ((w[0] + ((n - 1) & 63)) & _MASK, w[1])
    v = ((v[0] + w[0]) & _MASK, v[1])
    w = ((w[0] + v[0]) & _MASK, w[1])
    x = (_ror((x + y + v[0] + _u64(s, at + 8)) & _MASK, 37) * mul) & _MASK
    y = (_ror((y + v[1] + _u64(s, at + 48)) & _MASK, 42) * mul) & _MASK
    x ^= (w[1] * 9) & _MASK
    y = (y + v[0] * 9 + _u64(s, at + 40)) & _MASK
    z = (_ror((z + w[0]) & _MASK, 33) * mul) & _MASK
    v = _weak_len32(s, at, (v[1] * mul) & _MASK, (x + w[0]) & _MASK)
    w = _weak_len32(s, at + 32, (z + w[1]) & _MASK, (y + _u64(s, at + 16)) & _MASK)
    z, x = x, z
    return _hash_len16((_hash_len16(v[0], w[0], mul) + _shift_mix(y) * _K0 + z) & _MASK,
                       (_hash_len16(v[1], w[1], mul) + x) & _MASK, mul)


def _rotl(value, shift):
    return ((value << shift) | (value >> (64 - shift))) & _MASK


def siphash64(key0, key1, s):
    """SipHash-2-4 of bytes with the 128-bit key (key0, key1), little-endian words."""
    k0, k1 = key0 & _MASK, key1 & _MASK
    v = [k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d, k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573]

    def rounds(count):
        for _ in range(count):
            v[0] = (v[0] + v[1]) & _MASK
            v[1] = _rotl(v[1], 13) ^ v[0]
            v[0] = _rotl(v[0], 32)
            v[2] = (v[2] + v[3]) & _MASK
            v[3] = _rotl(v[3], 16) ^ v[2]
            v[0] = (v[0] + v[3]) & _MASK
            v[3] = _rotl(v[3], 21) ^ v[0]
            v[2] = (v[2] + v[1]) & _MASK
            v[1] = _rotl(v[1], 17) ^ v[2]
            v[2] = _rotl(v[2], 32)

    n = len(s)
    whole = n - n % 8
    for at in range(0, whole, 8):
        m = _u64(s, at)
        v[3] ^= m
        rounds(2)
        v[0] ^= m
    last = ((n & 0xff) << 56) | int.from_bytes(s[whole:], "little")
    v[3] ^= last
    rounds(2)
    v[0] ^= last
    v[2] ^= 0xff
    rounds(4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def hash_bucket(s, num_buckets, salt=None):
    """tf.strings.to_hash_bucket_fast (salt None) or to_hash_bucket_strong(key=salt) of bytes."""
    value = fingerprint64(s) if salt is None else siphash64(salt[0], salt[1], s)
    return value % num_buckets


# tf.sparse.cross_hashed's default hash_key (tensorflow/python/ops/sparse_ops.py _DEFAULT_HASH_KEY).
CROSS_HASH_KEY = 0xDECAFCAFFE
_CAT_MUL = np.uint64(0xc6a4a7935bd1e995)
_SHIFT = np.uint64(47)


def fingerprint_cat64(fp1, fp2):
    """TensorFlow's FingerprintCat64 (tensorflow/core/platform/fingerprint.h) on uint64 arrays, which wrap mod 2**64."""
    def shift_mix(value):
        return value ^ (value >> _SHIFT)

    result = fp1 ^ _CAT_MUL
    result = result ^ (shift_mix(fp2 * _CAT_MUL) * _CAT_MUL)
    result = result * _CAT_MUL
    return shift_mix(shift_mix(result) * _CAT_MUL)
