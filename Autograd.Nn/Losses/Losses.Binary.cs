namespace Autograd.Nn;

public static partial class Losses
{
    /// <summary>
    /// Binary cross-entropy of probabilities <paramref name="input"/> ∈ [0, 1] against targets in [0, 1]:
    /// ℓᵢ = −wᵢ · (yᵢ · log xᵢ + (1 − yᵢ) · log(1 − xᵢ)), each log clamped to ≥ −100 as PyTorch does, so a
    /// saturated probability gives a large finite loss instead of infinity.
    /// </summary>
    /// <remarks>
    /// Where xᵢ is exactly 0 or 1 the clamped log contributes no gradient (PyTorch substitutes a huge finite one).
    /// Prefer <see cref="BinaryCrossEntropyWithLogits"/>, which never saturates.
    /// </remarks>
    /// <exception cref="ArgumentException">Shapes differ, or an input lies outside [0, 1] or is NaN.</exception>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, Tensor? weight = null)
    {
        RequireSameShape("binary_cross_entropy", input, target);
        using var scope = Tensor.Scope();
        using (Tensor.NoGrad())
        {
            double low = input.Min().Item(), high = input.Max().Item();
            // Written so that NaN fails: min and max propagate it, and every comparison with NaN is false.
            if (!(low >= 0 && high <= 1))
                throw new ArgumentException($"binary_cross_entropy: every input must be a probability in [0, 1], but the input {Format(input)} " +
                    (double.IsNaN(low) || double.IsNaN(high) ? "contains NaN" : $"spans [{low}, {high}]") + "; for raw scores use BinaryCrossEntropyWithLogits.");
        }
        var losses = -(target * ClampedLog(input) + (1 - target) * ClampedLog(1 - input));
        if (weight is not null) losses = losses * weight;
        return scope.Keep(Reduce(losses, reduction));
    }

    /// <summary>
    /// Binary cross-entropy on logits (sigmoid and BCE in one, <c>binary_cross_entropy_with_logits</c>), in the form
    /// that is stable for any logit, ±100 included:
    /// ℓᵢ = max(xᵢ, 0) − xᵢ·yᵢ + log(1 + e^(−|xᵢ|)).
    /// With <paramref name="posWeight"/> (per class, broadcast over the last dimension) the positive term is weighted:
    /// ℓᵢ = (1 − yᵢ)·xᵢ + (1 + (pᵢ − 1)·yᵢ) · (log(1 + e^(−|xᵢ|)) + max(−xᵢ, 0)). <paramref name="weight"/> rescales each element.
    /// ∂ℓ/∂x = σ(x) − y everywhere, x = 0 included (max splits its gradient between tied operands there).
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Reduction reduction = Reduction.Mean,
        Tensor? weight = null, Tensor? posWeight = null)
    {
        RequireSameShape("binary_cross_entropy_with_logits", input, target);
        using var scope = Tensor.Scope();
        var zero = Tensor.ZerosLike(input);
        var softplusOfMinusAbs = (-input.Abs()).Exp().Log1p();
        var losses = posWeight is null
            ? Tensor.Maximum(input, zero) - input * target + softplusOfMinusAbs
            : (1 - target) * input + ((posWeight - 1) * target + 1) * (softplusOfMinusAbs + Tensor.Maximum(-input, zero));
        if (weight is not null) losses = losses * weight;
        return scope.Keep(Reduce(losses, reduction));
    }

    /// <summary>
    /// max(log x, −100), with zero gradient where x = 0: the zeros are replaced by 1 before the log (and their log
    /// by −100 after it), so the log's backward never divides 0 by 0.
    /// </summary>
    private static Tensor ClampedLog(Tensor x)
    {
        var isZero = x.Eq(0);
        return x.MaskedFill(isZero, 1).Log().MaskedFill(isZero, -100).Clamp(-100, null);
    }
}
