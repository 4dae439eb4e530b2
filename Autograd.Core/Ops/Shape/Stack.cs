namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Joins tensors of one shape along a NEW dimension inserted at <paramref name="dim"/>: k tensors of shape
    /// <c>[2, 4]</c> stacked at 1 → <c>[2, k, 4]</c>. Composed of <see cref="Unsqueeze"/> and <see cref="Cat"/>, which
    /// provide the gradient (each input receives its slice, squeezed).
    /// </summary>
    /// <exception cref="ArgumentException">No tensors, or tensors of different shapes.</exception>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("stack: expected a non-empty list of tensors.");
        var first = tensors[0];
        int d = Autograd.Shape.NormalizeDim("stack", dim, first.Shape, newDimension: true);
        for (int i = 1; i < tensors.Count; i++)
        {
            if (!Autograd.Shape.Equal(tensors[i]._shape, first._shape))
                throw new ArgumentException(
                    $"stack: expected every tensor to have the same shape, but tensor 0 has shape {Autograd.Shape.Format(first._shape)} " +
                    $"and tensor {i} has shape {Autograd.Shape.Format(tensors[i]._shape)}.");
        }
        var slices = tensors.Select(t => t.Unsqueeze(d)).ToArray();
        try
        {
            return Cat(slices, d);
        }
        finally
        {
            foreach (var s in slices) s.Dispose();
        }
    }
}
