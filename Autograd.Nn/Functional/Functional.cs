namespace Autograd.Nn;

/// <summary>
/// Stateless layer computations (<c>torch.nn.functional</c>), composed from differentiable <see cref="Tensor"/> ops,
/// so each runs on every device and its backward comes from the ops'. The layer modules call these with their
/// parameters.
/// </summary>
public static partial class Functional
{
    /// <summary>
    /// y = x·Wᵀ + b. Shapes: x [..., in], W [out, in], b [out] → y [..., out].
    /// </summary>
    /// <exception cref="ArgumentException">The last dimension of x differs from in, or b is not [out].</exception>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2 || input.Rank == 0 || input.Shape[^1] != weight.Shape[1])
            throw new ArgumentException($"linear: cannot apply weight {Describe(weight)} to input {Describe(input)} (expected weight [out, in] and input [..., in]).");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
            throw new ArgumentException($"linear: expected bias [{weight.Shape[0]}] for weight {Describe(weight)}, got {Describe(bias)}.");
        using var transposed = weight.T;
        if (bias is null) return input.MatMul(transposed);
        using var product = input.MatMul(transposed);
        return product + bias;
    }

    internal static string Describe(Tensor t) => $"{t.DType.Name()} {Autograd.Shape.Format([.. t.Shape])}";
}
