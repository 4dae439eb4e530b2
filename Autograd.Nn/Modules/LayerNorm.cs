namespace Autograd.Nn;

/// <summary>
/// Layer normalisation over the trailing <c>normalizedShape</c> dimensions (<c>nn.LayerNorm</c>); see
/// <see cref="Functional.LayerNorm"/>. With <c>elementwiseAffine</c> it learns <c>weight</c> γ (ones) and
/// <c>bias</c> β (zeros) of that shape.
/// </summary>
public sealed class LayerNorm : Module, IModule
{
    private readonly int[] _normalizedShape;

    /// <summary>Normalises over the last dimension, of size <paramref name="normalizedSize"/>.</summary>
    public LayerNorm(int normalizedSize, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32)
        : this([normalizedSize], eps, elementwiseAffine, dtype)
    {
    }

    /// <summary>Normalises over the trailing dimensions <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32)
    {
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
            throw new ArgumentException($"LayerNorm: invalid normalized shape {Autograd.Shape.Format(normalizedShape)}.");
        _normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        if (!elementwiseAffine) return;
        RegisterParameter("weight", Tensor.Ones(_normalizedShape, dtype));
        RegisterParameter("bias", Tensor.Zeros(_normalizedShape, dtype));
    }

    /// <summary>The trailing dimensions normalised over.</summary>
    public IReadOnlyList<int> NormalizedShape => _normalizedShape;

    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>γ, or null without elementwise affine.</summary>
    public Tensor? Weight => FindParameter("weight");

    /// <summary>β, or null without elementwise affine.</summary>
    public Tensor? Bias => FindParameter("bias");

    /// <inheritdoc cref="Functional.LayerNorm"/>
    public Tensor Forward(Tensor input) => Functional.LayerNorm(input, _normalizedShape, Weight, Bias, Eps);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{Autograd.Shape.Format(_normalizedShape)}, eps={Eps}, elementwise_affine={(Weight is null ? "False" : "True")}";
}
