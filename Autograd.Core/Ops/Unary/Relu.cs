using System.Numerics;
using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>max(x, 0); NaN stays NaN.</summary>
    public readonly struct ReluOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Max(x, 0d, y);
        /// <inheritdoc/>
        public float Apply(float x) => x <= 0 ? 0f : x;
        /// <inheritdoc/>
        public double Apply(double x) => x <= 0 ? 0d : x;
    }

    /// <summary>
    /// g where y &gt; 0, else 0 (PyTorch's <c>threshold_backward(g, y, 0)</c>): ReLU's gradient from its output in one
    /// pass; a NaN output passes its gradient through, as the comparison y ≤ 0 is false for it.
    /// </summary>
    public readonly struct ThresholdBackwardOp : ILaneBinaryOp
    {
        /// <inheritdoc/>
        public float Apply(float g, float y) => y <= 0 ? 0f : g;
        /// <inheritdoc/>
        public double Apply(double g, double y) => y <= 0 ? 0d : g;
        /// <inheritdoc/>
        public int Apply(int g, int y) => y <= 0 ? 0 : g;

        /// <inheritdoc/>
        public Vector<float> Apply(Vector<float> g, Vector<float> y) => Vector.ConditionalSelect(Vector.LessThanOrEqual(y, Vector<float>.Zero), Vector<float>.Zero, g);
        /// <inheritdoc/>
        public Vector<double> Apply(Vector<double> g, Vector<double> y) => Vector.ConditionalSelect(Vector.LessThanOrEqual(y, Vector<double>.Zero), Vector<double>.Zero, g);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// The rectifier max(x, 0) elementwise (Int32 tensors stay Int32). ∂/∂x = 1 where the result is positive,
        /// else 0 (so 0 at x = 0, as in PyTorch).
        /// </summary>
        public Tensor Relu()
        {
            if (DType == DType.Int32) return Clamp(0, null);
            var y = Elementwise.Map("relu", this, new ReluOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new ReluBackward0(this)) : y;
        }

        private sealed class ReluBackward0(Tensor x) : Node(x)
        {
            private SavedTensor? _y;

            protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

            protected internal override Tensor?[] Backward(Tensor g) => [ThresholdBackward(g, _y!.Unpack())];
        }

        /// <summary>
        /// g where y &gt; 0, else 0, for g and y of one shape (PyTorch's <c>threshold_backward</c>): one pass, with no
        /// mask tensor. Differentiable in g (the same mask applies to its gradient); its gradient in y is zero, but as in
        /// PyTorch the result is recorded when y requires grad too, so a gradient taken with createGraph has a grad_fn.
        /// </summary>
        private static Tensor ThresholdBackward(Tensor g, Tensor y)
        {
            var result = Elementwise.Zip("threshold_backward", g, y, Lanes.Of(new ThresholdBackwardOp()));
            return Graph.NeedsGrad(g, y) ? Graph.Record(result, new ThresholdBackwardBackward0(g, y)) : result;
        }

        private sealed class ThresholdBackwardBackward0 : Node
        {
            private readonly SavedTensor _y;

            public ThresholdBackwardBackward0(Tensor g, Tensor y) : base(g, y) => _y = Save(y);

            protected internal override Tensor?[] Backward(Tensor gg) => [ThresholdBackward(gg, _y.Unpack()), null];
        }
    }
}
