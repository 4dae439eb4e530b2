namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The position of the smallest element (the first among ties) as Int32: along <paramref name="dim"/>, or in the
    /// flattened tensor when <paramref name="dim"/> is null. Not differentiable.
    /// </summary>
    /// <exception cref="ArgumentException">The dimension is out of range or has size 0 (or the tensor is empty).</exception>
    public Tensor ArgMin(int? dim = null, bool keepDim = false) => ArgReduce("argmin", dim, keepDim, max: false);
}
