using System.Numerics;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>
    /// a + w·(b − a), evaluated as PyTorch's lerp kernel does: from the nearer end (b − (b − a)·(1 − w) once |w| ≥ ½),
    /// so the rounding matches for every weight.
    /// </summary>
    public readonly struct LerpOp(double weight) : ILaneBinaryOp
    {
        private readonly double _w = weight;
        private readonly float _w32 = (float)weight;

        /// <inheritdoc/>
        public float Apply(float a, float b) => Math.Abs(_w32) < 0.5f ? a + _w32 * (b - a) : b - (b - a) * (1 - _w32);
        /// <inheritdoc/>
        public double Apply(double a, double b) => Math.Abs(_w) < 0.5 ? a + _w * (b - a) : b - (b - a) * (1 - _w);
        /// <inheritdoc/>
        public int Apply(int a, int b) => (int)Apply((double)a, b);

        /// <inheritdoc/>
        public Vector<float> Apply(Vector<float> a, Vector<float> b) =>
            Math.Abs(_w32) < 0.5f ? a + new Vector<float>(_w32) * (b - a) : b - (b - a) * new Vector<float>(1 - _w32);
        /// <inheritdoc/>
        public Vector<double> Apply(Vector<double> a, Vector<double> b) =>
            Math.Abs(_w) < 0.5 ? a + new Vector<double>(_w) * (b - a) : b - (b - a) * new Vector<double>(1 - _w);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// x ← x + w·(end − x) in place (PyTorch's <c>lerp_</c> with a scalar weight); <paramref name="end"/> broadcasts
        /// to x's shape, and x must be floating-point. Optimizers use it for running averages.
        /// ∂/∂x = 1 − w, ∂/∂end = w.
        /// </summary>
        public Tensor LerpInPlace(Tensor end, double weight)
        {
            Elementwise.RequireFloat("lerp_", this);
            return InPlace("lerp_", end, Lanes.Of(new LerpOp(weight)), weight, static (x, e, w) => new LerpBackward0(x, e, w));
        }

        private sealed class LerpBackward0(Tensor x, Tensor end, double weight) : Node(x, end)
        {
            protected internal override Tensor?[] Backward(Tensor g) =>
                [NeedsInputGrad(0) ? g * (1 - weight) : null, NeedsInputGrad(1) ? g * weight : null];
        }
    }
}
