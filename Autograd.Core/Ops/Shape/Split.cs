namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Views of consecutive pieces of <paramref name="splitSize"/> elements along <paramref name="dim"/>; the last
    /// piece is smaller when the size does not divide evenly (<c>torch.split</c>). ∂: through <see cref="Narrow"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A split size that is negative, or zero for a non-empty dimension.</exception>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        int d = SplitDim("split", dim);
        int size = _shape[d];
        if (splitSize < 0 || (splitSize == 0 && size != 0))
            throw new ArgumentException($"split: the split size must be positive, got {splitSize} for dimension {d} of size {size} (shape {Autograd.Shape.Format(_shape)}).");
        int pieces = splitSize == 0 ? 1 : Math.Max((size + splitSize - 1) / splitSize, 1);
        var sizes = Enumerable.Repeat(splitSize, pieces).ToArray();
        sizes[^1] = size - splitSize * (pieces - 1);
        return Split(sizes, d);
    }

    /// <summary>Views of consecutive pieces of the given <paramref name="sizes"/> along <paramref name="dim"/>; they must add up to its size.</summary>
    /// <exception cref="ArgumentException">The sizes are negative or do not add up to the dimension's size.</exception>
    public Tensor[] Split(int[] sizes, int dim = 0)
    {
        int d = SplitDim("split", dim);
        if (sizes.Any(s => s < 0) || sizes.Sum() != _shape[d])
            throw new ArgumentException($"split: the sizes {Autograd.Shape.Format(sizes)} must be non-negative and add up to {_shape[d]}, the size of dimension {d} (shape {Autograd.Shape.Format(_shape)}).");
        var pieces = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            pieces[i] = Narrow(d, start, sizes[i]);
            start += sizes[i];
        }
        return pieces;
    }

    private int SplitDim(string op, int dim)
    {
        if (Rank == 0) throw new ArgumentException($"{op}: cannot split a 0-d tensor.");
        return Autograd.Shape.NormalizeDim(op, dim, _shape);
    }
}
