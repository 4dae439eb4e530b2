namespace Autograd;

/// <summary>
/// A seeded source of random tensors (like <c>torch.Generator</c>). The same seed gives the same numbers on every
/// run and every device: values are a pure function of (seed, position in the stream), computed by
/// <see cref="Philox"/>; the generator only remembers how far into the stream it is.
/// </summary>
public sealed class Generator
{
    /// <summary>Creates a generator with the given seed, positioned at the start of its stream.</summary>
    public Generator(ulong seed = 0)
    {
        Seed = seed;
    }

    /// <summary>The key of the stream.</summary>
    public ulong Seed { get; private set; }

    /// <summary>How many blocks of the stream have been used (saved in checkpoints to resume exactly).</summary>
    public ulong Offset { get; set; }

    /// <summary>Restarts the stream with a new seed.</summary>
    public void ManualSeed(ulong seed)
    {
        Seed = seed;
        Offset = 0;
    }

    /// <summary>The generator used when none is passed; seed it with <see cref="ManualSeed"/> for reproducible runs.</summary>
    public static Generator Default { get; } = new(0);

    /// <summary>Reserves <paramref name="count"/> blocks and returns the first.</summary>
    internal ulong Advance(long count)
    {
        ulong start = Offset;
        Offset += (ulong)count;
        return start;
    }

    /// <summary>A uniform integer on [0, n) drawn from the stream (for shuffling on the host).</summary>
    public int NextInt(int n)
    {
        ulong c = Advance(1);
        return (int)Philox.Sample(RandomDistribution.Integer, Seed, c, 0, 0, n);
    }

    /// <summary>A uniform double on [0, 1) drawn from the stream.</summary>
    public double NextDouble()
    {
        ulong c = Advance(1);
        return Philox.Sample(RandomDistribution.Uniform, Seed, c, 0, 0, 1);
    }
}
