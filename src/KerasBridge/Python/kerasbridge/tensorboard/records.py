"""TFRecord framing of TensorBoard event files and the protobuf wire encoding of their messages.

A record (tensorflow/core/lib/io/record_writer.cc) is: uint64 length (little endian), uint32 masked CRC32C
of those 8 bytes, the data, uint32 masked CRC32C of the data; masked(crc) = ((crc >> 15 | crc << 17) +
0xa282ead8) mod 2**32. CRC32C is the Castagnoli polynomial (reflected 0x82F63B78).

Messages are encoded by hand with the protobuf wire format (varints, 64-bit, length-delimited): the few
messages TensorBoard needs (events.py) are small and fixed, and no protobuf runtime has to be installed.
"""
import struct

_POLY = 0x82F63B78
_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ _POLY if _c & 1 else _c >> 1
    _TABLE.append(_c)
del _n, _c


def crc32c(data):
    crc = 0xFFFFFFFF
    table = _TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def record(data):
    """One TFRecord around `data` (bytes)."""
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked_crc32c(length)) + data + struct.pack("<I", masked_crc32c(data))


# ------------------------------------------------------------------ protobuf wire format
_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5


def varint(value):
    if value < 0:
        value += 1 << 64  # int64 negatives are 10-byte two's complement varints
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _key(field, wire_type):
    return varint((field << 3) | wire_type)


def field_varint(field, value):
    return _key(field, _VARINT) + varint(int(value))


def field_double(field, value):
    return _key(field, _FIXED64) + struct.pack("<d", float(value))


def field_float(field, value):
    return _key(field, _FIXED32) + struct.pack("<f", float(value))


def field_bytes(field, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return _key(field, _BYTES) + varint(len(data)) + bytes(data)
