namespace Autograd.Nn;

/// <summary>
/// Loss functions, written with differentiable Tensor ops only (so they run on every device and support double
/// backward). Names and semantics follow <c>torch.nn.functional</c>. Each returns a 0-d tensor unless the
/// reduction is <see cref="Reduction.None"/>.
/// </summary>
public static partial class Losses
{
    /// <summary>
    /// Mean squared error: ℓᵢ = (xᵢ − yᵢ)², reduced. <paramref name="input"/> and <paramref name="target"/> must have the
    /// same shape (PyTorch would broadcast with a warning, which usually hides a bug).
    /// </summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        RequireSameShape("mse_loss", input, target);
        using var scope = Tensor.Scope();
        var difference = input - target;
        return scope.Keep(Reduce(difference * difference, reduction));
    }

    /// <summary>Mean absolute error: ℓᵢ = |xᵢ − yᵢ|, reduced. Shapes must match, as for <see cref="MseLoss"/>.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        RequireSameShape("l1_loss", input, target);
        using var scope = Tensor.Scope();
        var difference = input - target;
        return scope.Keep(Reduce(difference.Abs(), reduction));
    }

    private static Tensor Reduce(Tensor losses, Reduction reduction) => reduction switch
    {
        Reduction.None => losses,
        Reduction.Sum => losses.Sum(),
        _ => losses.Mean(),
    };

    private static void RequireSameShape(string op, Tensor input, Tensor target)
    {
        if (!input.Shape.SequenceEqual(target.Shape))
            throw new ArgumentException($"{op}: the target's shape {Format(target)} differs from the input's shape {Format(input)}.");
        if (!input.DType.IsFloatingPoint() || !target.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: expected floating-point input and target, got {input.DType.Name()} and {target.DType.Name()}.");
    }

    private static string Format(Tensor t) => Shape.Format(t.Shape.ToArray());
}
