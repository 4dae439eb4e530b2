namespace Autograd.Nn;

/// <summary>How a loss combines its per-element values (PyTorch's <c>reduction</c> argument).</summary>
public enum Reduction
{
    /// <summary>No reduction: one loss per element (per sample for classification losses).</summary>
    None,

    /// <summary>The mean over elements; for weighted classification losses the weighted mean (Σ wᵢℓᵢ / Σ wᵢ).</summary>
    Mean,

    /// <summary>The sum over elements.</summary>
    Sum,
}
