namespace Autograd.Nn;

/// <summary>Where a <see cref="Generator"/> is in its stream: its seed and offset. Restoring both continues the exact same numbers.</summary>
public sealed record GeneratorState(ulong Seed, ulong Offset)
{
    /// <summary>The current state of <paramref name="generator"/>.</summary>
    public static GeneratorState Of(Generator generator) => new(generator.Seed, generator.Offset);

    /// <summary>Moves <paramref name="generator"/> to this state.</summary>
    public void ApplyTo(Generator generator)
    {
        generator.ManualSeed(Seed);
        generator.Offset = Offset;
    }
}
