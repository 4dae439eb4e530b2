namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// Inverted dropout: in training each element is zeroed with probability <paramref name="p"/> and the survivors
    /// are scaled by 1/(1−p), so the expected value is unchanged and evaluation needs no rescaling. Returns
    /// <paramref name="input"/> itself when not training or when p = 0. The mask is drawn from
    /// <paramref name="generator"/> (<see cref="Generator.Default"/> when null).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1].</exception>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), $"dropout: probability has to be between 0 and 1, but got {p}.");
        if (!training || p == 0) return input;
        if (p == 1) return input * 0.0;
        using var uniform = Tensor.Rand([.. input.Shape], generator, input.DType, input.Device);
        using var keep = uniform.Ge(p);
        using var keepAsValues = keep.To(input.DType);
        using var mask = keepAsValues * (1 / (1 - p));
        return input * mask;
    }
}
