namespace Autograd.Nn;

/// <summary>Collapses dimensions <c>startDim..endDim</c> into one (<c>nn.Flatten</c>; by default all but the batch dimension).</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module, IModule
{
    /// <summary>The first dimension collapsed.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>The last dimension collapsed.</summary>
    public int EndDim { get; } = endDim;

    /// <summary>[N, C, H, W] → [N, C·H·W] with the defaults; a view when the input is contiguous.</summary>
    public Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"start_dim={StartDim}, end_dim={EndDim}";
}

/// <summary>Splits dimension <c>dim</c> into <c>sizes</c> (<c>nn.Unflatten</c>), the inverse of <see cref="Flatten"/>.</summary>
public sealed class Unflatten : Module, IModule
{
    /// <summary>Splits dimension <paramref name="dim"/> into <paramref name="sizes"/>; one size may be −1 (inferred).</summary>
    public Unflatten(int dim, params int[] sizes)
    {
        if (sizes.Length == 0) throw new ArgumentException("Unflatten: sizes must not be empty.");
        Dim = dim;
        Sizes = sizes;
    }

    /// <summary>The dimension that is split.</summary>
    public int Dim { get; }

    /// <summary>The sizes it is split into.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>[N, C·H·W] → [N, C, H, W] for <c>Unflatten(1, C, H, W)</c>.</summary>
    /// <exception cref="ArgumentException">The sizes do not multiply to the size of the dimension.</exception>
    public Tensor Forward(Tensor input)
    {
        int d = Autograd.Shape.NormalizeDim("unflatten", Dim, input.Shape);
        var shape = new List<int>(input.Shape.Take(d));
        shape.AddRange(Sizes);
        shape.AddRange(input.Shape.Skip(d + 1));
        int known = Sizes.Where(s => s != -1).Aggregate(1, (a, b) => a * b);
        if (Sizes.Contains(-1) ? known == 0 || input.Shape[d] % known != 0 : known != input.Shape[d])
            throw new ArgumentException($"unflatten: sizes {Autograd.Shape.Format([.. Sizes])} do not fit dimension {Dim} of size {input.Shape[d]} in {Autograd.Shape.Format([.. input.Shape])}.");
        return input.Reshape([.. shape]);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}, unflattened_size={Autograd.Shape.Format([.. Sizes])}";
}
