namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// A new tensor tiling this one <c>repeats[i]</c> times along each dimension (<c>torch.Tensor.repeat</c>); extra
    /// leading repeats add dimensions: <c>[2, 3].Repeat(4, 1, 2)</c> → <c>[4, 2, 6]</c>. Always a copy.
    /// Built as reshape → expand → copy, so ∂ is the gradient summed over the copies.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer repeats than dimensions, or a negative repeat.</exception>
    public Tensor Repeat(params int[] repeats)
    {
        if (repeats.Length < Rank)
            throw new ArgumentException($"repeat: {repeats.Length} repeats {Autograd.Shape.Format(repeats)} cannot be fewer than the dimensions of shape {Autograd.Shape.Format(_shape)}.");
        if (repeats.Any(r => r < 0)) throw new ArgumentException($"repeat: repeats {Autograd.Shape.Format(repeats)} must not be negative.");
        int lead = repeats.Length - Rank;
        var sizes = new int[repeats.Length];
        for (int i = 0; i < sizes.Length; i++) sizes[i] = i < lead ? 1 : _shape[i - lead];
        // Each dimension s becomes a pair (1, s), expanded to (r, s) and flattened to r·s: r copies side by side.
        using var paired = Reshape(sizes.SelectMany(s => new[] { 1, s }).ToArray());
        using var tiled = paired.Expand(repeats.Zip(sizes, (r, s) => new[] { r, s }).SelectMany(p => p).ToArray());
        using var dense = tiled.Clone();
        return dense.View(repeats.Zip(sizes, (r, s) => r * s).ToArray());
    }
}
