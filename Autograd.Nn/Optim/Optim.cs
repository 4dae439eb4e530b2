namespace Autograd.Nn;

/// <summary>Helpers that act on a set of parameters' gradients.</summary>
public static class Optim
{
    /// <summary>
    /// PyTorch's <c>zero_grad</c> for modules and optimizers alike: drops each gradient, or detaches it from any graph
    /// (<c>detach_()</c> when it has history, else <c>requires_grad_(False)</c>) and zeroes it in place.
    /// </summary>
    internal static void ZeroGrad(IEnumerable<Tensor> parameters, bool setToNone)
    {
        foreach (var p in parameters)
        {
            if (p.Grad is not { } grad) continue;
            if (setToNone)
            {
                p.Grad = null;
                grad.Dispose();
                continue;
            }
            // A gradient built with createGraph has history; zeroing must not write into that graph.
            if (grad.RequiresGrad) grad.DetachInPlace();
            using (Tensor.NoGrad()) grad.ZeroInPlace();
        }
    }

    /// <summary>
    /// Rescales the gradients in place so that their global norm ‖(g₁, g₂, …)‖ₚ, taken over all parameters together
    /// as one vector, is at most <paramref name="maxNorm"/> (like <c>torch.nn.utils.clip_grad_norm_</c>):
    /// every gradient is multiplied by min(1, maxNorm / (norm + 1e-6)). Parameters without a gradient are skipped.
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped together.</param>
    /// <param name="maxNorm">The largest global norm allowed.</param>
    /// <param name="normType">p of the norm: any p &gt; 0, or <see cref="double.PositiveInfinity"/> for the largest |g|.</param>
    /// <returns>The global norm before clipping.</returns>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2)
    {
        if (!(normType > 0)) throw new ArgumentOutOfRangeException(nameof(normType), $"ClipGradNorm: the norm type must be > 0 (or infinity), got {normType}.");
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return 0;

        using var noGrad = Tensor.NoGrad();
        double total;
        using (Tensor.Scope())
        {
            // Sum the per-gradient terms on the device and read back one number.
            Tensor? accumulated = null;
            foreach (var g in grads)
            {
                var term = double.IsPositiveInfinity(normType) ? g.Abs().Max()
                    : normType == 2 ? (g * g).Sum()
                    : g.Abs().Pow(normType).Sum();
                accumulated = accumulated is null ? term
                    : double.IsPositiveInfinity(normType) ? Tensor.Maximum(accumulated, term)
                    : accumulated + term;
            }
            double reduced = accumulated!.Item();
            total = double.IsPositiveInfinity(normType) ? reduced
                : normType == 2 ? Math.Sqrt(reduced)
                : Math.Pow(reduced, 1 / normType);
        }

        // Math.Min keeps a NaN coefficient, so a non-finite norm poisons the gradients as it does in PyTorch.
        double coefficient = Math.Min(maxNorm / (total + 1e-6), 1.0);
        if (coefficient != 1)
        {
            foreach (var g in grads) g.MulInPlace(coefficient);
        }
        return total;
    }
}
