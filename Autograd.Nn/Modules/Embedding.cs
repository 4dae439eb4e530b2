namespace Autograd.Nn;

/// <summary>
/// A lookup table of <c>numEmbeddings</c> vectors of size <c>embeddingDim</c> (<c>nn.Embedding</c>): Int32 indices
/// [...] → [..., dim]. The <c>weight</c> [num, dim] is initialised from N(0, 1), as in PyTorch; the row
/// <see cref="PaddingIdx"/> (if given) starts at zero and never receives a gradient, so it stays a fixed "no token"
/// vector.
/// </summary>
public sealed class Embedding : Module, IModule
{
    /// <summary>Creates the table and draws its weights from <paramref name="generator"/>.</summary>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, Generator? generator = null, DType dtype = DType.Float32)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentException($"Embedding: sizes must be positive, got num_embeddings={numEmbeddings}, embedding_dim={embeddingDim}.");
        if (paddingIdx is { } pad && (pad < -numEmbeddings || pad >= numEmbeddings))
            throw new ArgumentException($"Embedding: padding_idx {pad} must be within num_embeddings ({numEmbeddings}).");
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        PaddingIdx = paddingIdx is { } p && p < 0 ? p + numEmbeddings : paddingIdx;
        var weight = RegisterParameter("weight", Tensor.Zeros([numEmbeddings, embeddingDim], dtype));
        Init.Normal(weight, 0, 1, generator);
        if (PaddingIdx is { } row)
        {
            using var noGrad = Tensor.NoGrad();
            using var padding = weight.Narrow(0, row, 1);
            padding.ZeroInPlace();
        }
    }

    /// <summary>Number of rows.</summary>
    public int NumEmbeddings { get; }

    /// <summary>Size of each vector.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The row that receives no gradient, or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>The table [num, dim].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <inheritdoc cref="Functional.Embedding"/>
    public Tensor Forward(Tensor input) => Functional.Embedding(input, Weight, PaddingIdx);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{NumEmbeddings}, {EmbeddingDim}" + (PaddingIdx is { } p ? $", padding_idx={p}" : "");
}
