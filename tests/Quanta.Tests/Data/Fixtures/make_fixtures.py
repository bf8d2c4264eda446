#!/usr/bin/python3
"""Writes the test fixtures in this folder with NumPy (Debian python3-numpy 1.24) and zlib, so
that Quanta's readers are checked against files made by an independent writer.
Run: /usr/bin/python3 make_fixtures.py (from this folder)."""
import struct
import zlib

import numpy as np

a = np.arange(6, dtype='<f4').reshape(2, 3) * 0.5 - 1          # [[-1,-0.5,0],[0.5,1,1.5]]
np.save('f4_2x3.npy', a)
np.save('f2_4.npy', np.array([1.5, -2, 65504, 0.0009765625], dtype='<f2'))
np.save('i1_5.npy', np.array([-128, -1, 0, 1, 127], dtype='i1'))
np.save('u1_2x2.npy', np.array([[0, 1], [128, 255]], dtype='u1'))
np.save('i2_3.npy', np.array([-32768, 12345, 32767], dtype='<i2'))
np.save('i4_2x1x2.npy', np.array([-2147483648, -7, 7, 2147483647], dtype='<i4').reshape(2, 1, 2))
np.save('i8_3.npy', np.array([-9223372036854775808, 1 << 40, 9223372036854775807], dtype='<i8'))
np.save('b1_4.npy', np.array([True, False, False, True]))
np.save('f4_scalar.npy', np.array(3.25, dtype='<f4'))
np.save('f4_empty_0x3.npy', np.zeros((0, 3), dtype='<f4'))
for v in [(2, 0), (3, 0)]:
    with open(f'f4_2x3_v{v[0]}.npy', 'wb') as f:
        np.lib.format.write_array(f, a, version=v)
np.save('f4_2x3_fortran.npy', np.asfortranarray(a))
np.save('f4_be.npy', a.astype('>f4'))
np.save('f8_2.npy', np.array([1.0, 2.0]))


def png(path, width, height, color_type, rows):
    """A minimal PNG: one IDAT, filter 0 on every row. color_type 0 gray, 2 RGB, 6 RGBA."""
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    raw = b''.join(b'\x00' + bytes(r) for r in rows)
    ihdr = struct.pack('>IIBBBBB', width, height, 8, color_type, 0, 0, 0)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


# 4 wide, 3 high. Gray value of pixel (x, y) = 10*y + x.
png('gray_4x3.png', 4, 3, 0, [[10 * y + x for x in range(4)] for y in range(3)])
# Colour: R = 10*y + x, G = 100 + R, B = 200 - R.
png('rgb_4x3.png', 4, 3, 2, [sum(([10 * y + x, 110 + 10 * y + x, 200 - 10 * y - x] for x in range(4)), []) for y in range(3)])
# RGB storage of a gray image (R = G = B = 10*y + x).
png('rgbgray_4x3.png', 4, 3, 2, [sum(([10 * y + x] * 3 for x in range(4)), []) for y in range(3)])
# RGBA: as rgb_4x3 with alpha 7 everywhere.
png('rgba_4x3.png', 4, 3, 6, [sum(([10 * y + x, 110 + 10 * y + x, 200 - 10 * y - x, 7] for x in range(4)), []) for y in range(3)])
