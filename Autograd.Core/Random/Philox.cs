namespace Autograd;

/// <summary>
/// Philox4x32-10, the counter-based generator PyTorch and cuRAND use: the n-th block of four 32-bit words is a
/// pure function of (seed, n), so any device can produce any part of a stream independently and identically.
/// </summary>
public static class Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>The four words of block <paramref name="counter"/> for key <paramref name="seed"/>.</summary>
    public static (uint, uint, uint, uint) Block(ulong seed, ulong counter)
    {
        uint c0 = (uint)counter, c1 = (uint)(counter >> 32), c2 = 0, c3 = 0;
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>Word <paramref name="index"/> of the stream (four words per block).</summary>
    public static uint Word(ulong seed, ulong index)
    {
        var (a, b, c, d) = Block(seed, index >> 2);
        return (index & 3) switch { 0 => a, 1 => b, 2 => c, _ => d };
    }

    /// <summary>A uniform float on [0, 1) from the top 24 bits of a word.</summary>
    public static float ToUnitFloat(uint word) => (word >> 8) * (1f / 16777216f);

    /// <summary>A uniform double on [0, 1) from two words (53 bits).</summary>
    public static double ToUnitDouble(uint hi, uint lo) => ((((ulong)hi << 32) | lo) >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>
    /// Element <paramref name="i"/> of a stream of the given distribution starting at block <paramref name="counter"/>.
    /// Each element uses its own block, so element i never depends on how many came before it.
    /// </summary>
    public static double Sample(RandomDistribution distribution, ulong seed, ulong counter, long i, double a, double b)
    {
        var (w0, w1, w2, w3) = Block(seed, counter + (ulong)i);
        switch (distribution)
        {
            case RandomDistribution.Uniform:
                return a + (b - a) * ToUnitDouble(w0, w1);
            case RandomDistribution.Normal:
                double u1 = 1.0 - ToUnitDouble(w0, w1);
                double u2 = ToUnitDouble(w2, w3);
                return a + b * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            default:
                ulong span = (ulong)(b - a);
                return a + (double)((((ulong)w0 << 32) | w1) % span);
        }
    }
}
