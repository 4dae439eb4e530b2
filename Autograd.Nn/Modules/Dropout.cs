namespace Autograd.Nn;

/// <summary>
/// Inverted dropout (<c>nn.Dropout</c>): in training mode zeroes each element with probability <see cref="P"/> and
/// scales the rest by 1/(1−p); in evaluation mode it is the identity. Masks are drawn from the generator given at
/// construction (<see cref="Generator.Default"/> when null), so a seeded run is reproducible.
/// </summary>
public sealed class Dropout : Module, IModule
{
    private readonly Generator? _generator;

    /// <summary>Drops with probability <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1].</exception>
    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: probability has to be between 0 and 1, but got {p}.");
        P = p;
        _generator = generator;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <inheritdoc cref="Functional.Dropout"/>
    public Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training, _generator);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"p={P}";
}
