namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// Looks up rows of <paramref name="weight"/> [num, dim] by Int32 <paramref name="indices"/> of any shape:
    /// y[..., :] = weight[indices[...], :], shape [..., dim]. The gradient of a row is the sum of the gradients of
    /// the positions that selected it; the row <paramref name="paddingIdx"/> (if given) receives none, as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not 2-D, the indices are not Int32, or paddingIdx is out of range.</exception>
    public static Tensor Embedding(Tensor indices, Tensor weight, int? paddingIdx = null)
    {
        if (weight.Rank != 2)
            throw new ArgumentException($"embedding: expected a weight of shape [num, dim], got {Describe(weight)}.");
        if (indices.DType != DType.Int32)
            throw new ArgumentException($"embedding: expected Int32 indices, got {Describe(indices)}.");
        int num = weight.Shape[0];
        if (paddingIdx is { } pad && (pad < -num || pad >= num))
            throw new ArgumentException($"embedding: paddingIdx {pad} is out of range for {num} embeddings.");

        int[] shape = [.. indices.Shape, weight.Shape[1]];
        using var flat = indices.Reshape(-1);
        using var rows = weight.IndexSelect(0, flat);
        if (paddingIdx is not { } p) return rows.Reshape(shape);
        // Rows looked up at the padding index come from a detached alias, so no gradient reaches that row.
        using var isPadding = flat.Eq(p < 0 ? p + num : p);
        using var column = isPadding.Unsqueeze(1);
        using var frozen = rows.Detach();
        using var selected = Tensor.Where(column, frozen, rows);
        return selected.Reshape(shape);
    }
}
