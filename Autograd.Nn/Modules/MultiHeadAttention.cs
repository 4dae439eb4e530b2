namespace Autograd.Nn;

/// <summary>
/// Multi-head scaled dot-product attention as in MCAN's <c>MHAtt</c>: separate <c>linear_v</c>, <c>linear_k</c>,
/// <c>linear_q</c> projections of size hidden → hidden, split into <see cref="Heads"/> heads of
/// <c>hidden / heads</c>; per head, softmax(q·kᵀ / √d_head) with masked positions set to −1e9 before the softmax,
/// dropout on the attention map, times v; the heads are concatenated and projected by <c>linear_merge</c>.
/// </summary>
public sealed class MultiHeadAttention : Module
{
    private readonly Linear _linearV, _linearK, _linearQ, _linearMerge;
    private readonly Dropout _dropout;

    /// <summary>Creates the four projections (PyTorch's Linear initialisation, from <paramref name="generator"/>) and the attention dropout.</summary>
    /// <param name="hiddenSize">Model width (MCAN's HIDDEN_SIZE).</param>
    /// <param name="heads">Number of heads (MULTI_HEAD); must divide <paramref name="hiddenSize"/>.</param>
    /// <param name="dropout">Dropout probability on the attention map (DROPOUT_R).</param>
    /// <param name="generator">Source of the initial weights and of the dropout masks.</param>
    /// <param name="dtype">Element type of the parameters.</param>
    public MultiHeadAttention(int hiddenSize, int heads, double dropout = 0.1, Generator? generator = null, DType dtype = DType.Float32)
    {
        if (heads <= 0 || hiddenSize <= 0 || hiddenSize % heads != 0)
            throw new ArgumentException($"MultiHeadAttention: hidden size {hiddenSize} must be a positive multiple of the number of heads {heads}.");
        HiddenSize = hiddenSize;
        Heads = heads;
        _linearV = RegisterModule("linear_v", new Linear(hiddenSize, hiddenSize, generator: generator, dtype: dtype));
        _linearK = RegisterModule("linear_k", new Linear(hiddenSize, hiddenSize, generator: generator, dtype: dtype));
        _linearQ = RegisterModule("linear_q", new Linear(hiddenSize, hiddenSize, generator: generator, dtype: dtype));
        _linearMerge = RegisterModule("linear_merge", new Linear(hiddenSize, hiddenSize, generator: generator, dtype: dtype));
        _dropout = RegisterModule("dropout", new Dropout(dropout, generator));
    }

    /// <summary>Model width.</summary>
    public int HiddenSize { get; }

    /// <summary>Number of attention heads.</summary>
    public int Heads { get; }

    /// <summary>Width of each head, <c>HiddenSize / Heads</c>.</summary>
    public int HeadSize => HiddenSize / Heads;

    /// <summary>
    /// Attends from each query position to the key/value positions. Shapes: v and k [B, Lk, hidden], q [B, Lq, hidden]
    /// → [B, Lq, hidden]. <paramref name="mask"/> is a Bool tensor broadcastable to [B, heads, Lq, Lk] where true
    /// marks a key position to ignore (MCAN passes [B, 1, 1, Lk] for padding), or null.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs are not [B, L, hidden] with a common B and Lk.</exception>
    public Tensor Forward(Tensor v, Tensor k, Tensor q, Tensor? mask = null)
    {
        foreach (var (name, t) in new[] { ("v", v), ("k", k), ("q", q) })
            if (t.Rank != 3 || t.Shape[2] != HiddenSize || t.Shape[0] != q.Shape[0])
                throw new ArgumentException($"MultiHeadAttention: expected {name} of shape [B, L, {HiddenSize}] with the batch size of q, got v {Functional.Describe(v)}, k {Functional.Describe(k)}, q {Functional.Describe(q)}.");
        if (v.Shape[1] != k.Shape[1])
            throw new ArgumentException($"MultiHeadAttention: v and k must have the same length, got {Functional.Describe(v)} and {Functional.Describe(k)}.");

        using var values = SplitHeads(_linearV, v);
        using var keys = SplitHeads(_linearK, k);
        using var queries = SplitHeads(_linearQ, q);
        using var attended = Attend(values, keys, queries, mask);
        using var merged = attended.Transpose(1, 2).Contiguous();
        using var concatenated = merged.Reshape(q.Shape[0], -1, HiddenSize);
        return _linearMerge.Forward(concatenated);
    }

    /// <summary>Projects [B, L, hidden] and splits it into heads: [B, heads, L, head size].</summary>
    private Tensor SplitHeads(Linear projection, Tensor x)
    {
        using var projected = projection.Forward(x);
        using var heads = projected.View(x.Shape[0], -1, Heads, HeadSize);
        return heads.Transpose(1, 2);
    }

    /// <summary>softmax(q·kᵀ / √d, masked with −1e9) with dropout, times v; all [B, heads, L, d].</summary>
    private Tensor Attend(Tensor value, Tensor key, Tensor query, Tensor? mask)
    {
        using var keyT = key.Transpose(-2, -1);
        using var products = query.MatMul(keyT);
        using var scores = products / Math.Sqrt(query.Shape[^1]);
        using var masked = mask is null ? null : scores.MaskedFill(mask, -1e9);
        using var attentionMap = (masked ?? scores).Softmax(-1);
        var dropped = _dropout.Forward(attentionMap);
        using (ReferenceEquals(dropped, attentionMap) ? null : dropped)
            return dropped.MatMul(value);
    }
}
