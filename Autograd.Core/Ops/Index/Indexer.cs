namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// A view selected by a subscript, one entry per leading dimension: an integer (or <c>^k</c>) picks one position
    /// and removes the dimension (<see cref="Select"/>); a range keeps it (<see cref="Narrow"/>). So for x of shape
    /// <c>[4, 5, 6]</c>: <c>x[0]</c> is <c>[5, 6]</c>, <c>x[.., 1..3]</c> is <c>[4, 2, 6]</c>, <c>x[^1, .., 2]</c> is <c>[5]</c>.
    /// Views share storage; gradients flow back into the selected positions.
    /// </summary>
    /// <exception cref="ArgumentException">More entries than dimensions.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An integer position outside its dimension.</exception>
    // The default indexer name, Item, is taken by the Item() readback method.
    [System.Runtime.CompilerServices.IndexerName("Subscript")]
    public Tensor this[params TensorIndex[] indices]
    {
        get
        {
            if (indices.Length > Rank)
                throw new ArgumentException($"index: too many indices ({indices.Length}) for a tensor of shape {Autograd.Shape.Format(_shape)}.");
            var result = this;
            int dim = 0;
            foreach (var index in indices)
            {
                if (index.IsFull)
                {
                    dim++;
                    continue;
                }
                var next = index.ApplyTo(result, dim, out bool keepsDim);
                if (!ReferenceEquals(result, this)) result.Dispose();
                result = next;
                if (keepsDim) dim++;
            }
            return ReferenceEquals(result, this) ? View(_shape) : result;
        }
    }
}
