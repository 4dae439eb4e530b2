using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Autograd;

/// <summary>
/// Packing for <see cref="Gemm"/>: copying a block of A or B into the order the micro-kernel reads it. Both packs of
/// the common cases turn lines of the operand into interleaved rows (row-major A into MR-row slivers, a transposed B
/// into NR-column panels); for Float32 that runs as 8×8 transposes in vector registers, otherwise element by element.
/// </summary>
internal static partial class Gemm
{
    /// <summary>
    /// Packs panels [first, end) of a KC×n block of B, NR columns each: panel first + j holds, for each k, NR
    /// consecutive values (zero-padded).
    /// </summary>
    private static void PackB<T>(T[] b, int offset, int rs, int cs, int kc, int n, int nr, T[] packed, int first, int end) where T : unmanaged, INumber<T>
    {
        if (cs == 1)
        {
            PackRows(b, offset, rs, kc, n, nr, packed, first, end);
            return;
        }
        for (int jp = first; jp < end; jp++)
        {
            int jc = jp * nr, cols = Math.Min(nr, n - jc);
            var dst = packed.AsSpan((jp - first) * nr * kc, nr * kc);
            if (rs == 1 && cs != 1)
            {
                PackColumns(b, offset + jc * cs, cs, kc, cols, nr, dst);
                continue;
            }
            for (int p = 0; p < kc; p++)
            {
                var row = dst.Slice(p * nr, nr);
                int src = offset + p * rs + jc * cs;
                for (int j = 0; j < cols; j++) row[j] = b[src + j * cs];
                row[cols..].Clear();
            }
        }
    }

    /// <summary>
    /// The panels of a row-major B, filled one row of B at a time: each read runs along a row, which the hardware
    /// prefetcher follows, where filling one panel at a time would read NR values from each of kc rows in turn, a
    /// page apart for a wide B, which it does not (1024³ went from ~165 to ~180 GFLOP/s on the 2-core Zen 4).
    /// </summary>
    private static void PackRows<T>(T[] b, int offset, int rs, int kc, int n, int nr, T[] packed, int first, int end) where T : unmanaged, INumber<T>
    {
        for (int p = 0; p < kc; p++)
        {
            int src = offset + p * rs;
            for (int jp = first; jp < end; jp++)
            {
                int jc = jp * nr, cols = Math.Min(nr, n - jc);
                var row = packed.AsSpan((jp - first) * nr * kc + p * nr, nr);
                b.AsSpan(src + jc, cols).CopyTo(row);
                if (cols < nr) row[cols..].Clear();
            }
        }
    }

    /// <summary>
    /// The panel of a B whose columns are contiguous (a transposed weight): reading column by column keeps every read
    /// sequential, and the scattered writes land in the small packed panel, which stays in the L1 cache.
    /// </summary>
    private static void PackColumns<T>(T[] b, int offset, int cs, int kc, int cols, int nr, Span<T> dst) where T : unmanaged, INumber<T>
    {
        ref T d = ref dst[0];
        int j = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            for (; j + 8 <= cols; j += 8)
                Interleave8(ref Unsafe.As<T, float>(ref b[offset + j * cs]), cs, kc, ref Unsafe.As<T, float>(ref Unsafe.Add(ref d, j)), nr);
        }
        // Four columns at a time: four sequential read streams, and each packed row receives four adjacent values.
        for (; j + 4 <= cols; j += 4)
        {
            ref T c0 = ref b[offset + j * cs];
            ref T c1 = ref Unsafe.Add(ref c0, cs);
            ref T c2 = ref Unsafe.Add(ref c1, cs);
            ref T c3 = ref Unsafe.Add(ref c2, cs);
            _ = b[offset + (j + 3) * cs + kc - 1];
            for (int p = 0; p < kc; p++)
            {
                ref T row = ref Unsafe.Add(ref d, p * nr + j);
                row = Unsafe.Add(ref c0, p);
                Unsafe.Add(ref row, 1) = Unsafe.Add(ref c1, p);
                Unsafe.Add(ref row, 2) = Unsafe.Add(ref c2, p);
                Unsafe.Add(ref row, 3) = Unsafe.Add(ref c3, p);
            }
        }
        for (; j < cols; j++)
        {
            var column = b.AsSpan(offset + j * cs, kc);
            for (int p = 0; p < kc; p++) dst[p * nr + j] = column[p];
        }
        if (cols < nr)
            for (int p = 0; p < kc; p++) dst.Slice(p * nr + cols, nr - cols).Clear();
    }

    /// <summary>Packs an mc×KC block of A into slivers of MR rows: sliver i holds, for each k, MR consecutive values (zero-padded).</summary>
    private static void PackA<T>(T[] a, int offset, int rs, int cs, int mc, int kc, T[] packed) where T : unmanaged, INumber<T>
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            var dst = packed.AsSpan(ir * kc, MR * kc);
            if (cs == 1 && rows == MR && typeof(T) == typeof(float) && Avx.IsSupported)
            {
                Interleave8(ref Unsafe.As<T, float>(ref a[offset + ir * rs]), rs, kc, ref Unsafe.As<T, float>(ref dst[0]), MR);
                continue;
            }
            if (cs == 1 && rows == MR)
            {
                // Row-major A: read each row sequentially rather than MR rows in lockstep.
                for (int r = 0; r < MR; r++)
                {
                    var row = a.AsSpan(offset + (ir + r) * rs, kc);
                    for (int p = 0; p < kc; p++) dst[p * MR + r] = row[p];
                }
                continue;
            }
            if (rs == 1 && rows == MR)
            {
                // Transposed A (a weight gradient's xᵀ): each k's MR values are already adjacent, a vector copy each.
                for (int p = 0; p < kc; p++)
                {
                    ref T s = ref a[offset + ir + p * cs];
                    ref T d = ref dst[p * MR];
                    for (int v = 0; v < MR; v += Vector256<T>.Count) Vector256.LoadUnsafe(ref s, (nuint)v).StoreUnsafe(ref d, (nuint)v);
                }
                continue;
            }
            for (int p = 0; p < kc; p++)
            {
                int src = offset + ir * rs + p * cs;
                int d = p * MR;
                int r = 0;
                for (; r < rows; r++) dst[d + r] = a[src + r * rs];
                for (; r < MR; r++) dst[d + r] = T.Zero;
            }
        }
    }

    /// <summary>
    /// Interleaves 8 lines of <paramref name="length"/> floats, line i starting at <paramref name="source"/> + i·<paramref name="lineStride"/>:
    /// output row p (at <paramref name="destination"/> + p·<paramref name="rowStride"/>) receives element p of each line.
    /// Full 8×8 blocks are transposed in registers (unpack, shuffle, swap of 128-bit halves); the last length mod 8
    /// rows are copied element by element.
    /// </summary>
    private static void Interleave8(ref float source, int lineStride, int length, ref float destination, int rowStride)
    {
        int p = 0;
        for (; p + 8 <= length; p += 8)
        {
            ref float s = ref Unsafe.Add(ref source, p);
            var r0 = Vector256.LoadUnsafe(ref s);
            var r1 = Vector256.LoadUnsafe(ref s, (nuint)lineStride);
            var r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * lineStride));
            var r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * lineStride));
            var r4 = Vector256.LoadUnsafe(ref s, (nuint)(4 * lineStride));
            var r5 = Vector256.LoadUnsafe(ref s, (nuint)(5 * lineStride));
            var r6 = Vector256.LoadUnsafe(ref s, (nuint)(6 * lineStride));
            var r7 = Vector256.LoadUnsafe(ref s, (nuint)(7 * lineStride));
            // Pairs of lines interleaved within each 128-bit half: (0,1), (2,3), … for elements 0-1|4-5 and 2-3|6-7.
            var t0 = Avx.UnpackLow(r0, r1);
            var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3);
            var t3 = Avx.UnpackHigh(r2, r3);
            var t4 = Avx.UnpackLow(r4, r5);
            var t5 = Avx.UnpackHigh(r4, r5);
            var t6 = Avx.UnpackLow(r6, r7);
            var t7 = Avx.UnpackHigh(r6, r7);
            // Four lines' element e in the low half and element e + 4 in the high half.
            var u0 = Avx.Shuffle(t0, t2, 0x44);
            var u1 = Avx.Shuffle(t0, t2, 0xEE);
            var u2 = Avx.Shuffle(t1, t3, 0x44);
            var u3 = Avx.Shuffle(t1, t3, 0xEE);
            var u4 = Avx.Shuffle(t4, t6, 0x44);
            var u5 = Avx.Shuffle(t4, t6, 0xEE);
            var u6 = Avx.Shuffle(t5, t7, 0x44);
            var u7 = Avx.Shuffle(t5, t7, 0xEE);
            ref float d = ref Unsafe.Add(ref destination, p * rowStride);
            Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);
            Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, (nuint)rowStride);
            Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, (nuint)(2 * rowStride));
            Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, (nuint)(3 * rowStride));
            Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, (nuint)(4 * rowStride));
            Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, (nuint)(5 * rowStride));
            Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, (nuint)(6 * rowStride));
            Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, (nuint)(7 * rowStride));
        }
        for (; p < length; p++)
            for (int i = 0; i < 8; i++)
                Unsafe.Add(ref destination, p * rowStride + i) = Unsafe.Add(ref source, i * lineStride + p);
    }
}
