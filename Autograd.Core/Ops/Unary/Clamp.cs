using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>min(max(x, lo), hi); NaN stays NaN.</summary>
    public readonly struct ClampOp(double lo, double hi) : IUnaryOp
    {
        private readonly double _lo = lo, _hi = hi;
        private readonly float _lo32 = (float)lo, _hi32 = (float)hi;

        /// <inheritdoc/>
        public float Apply(float x)
        {
            float t = x < _lo32 ? _lo32 : x;
            return t > _hi32 ? _hi32 : t;
        }

        /// <inheritdoc/>
        public double Apply(double x)
        {
            double t = x < _lo ? _lo : x;
            return t > _hi ? _hi : t;
        }
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// min(max(x, <paramref name="min"/>), <paramref name="max"/>) elementwise; a null bound is not applied, and
        /// when min &gt; max every element becomes max (as in PyTorch). ∂/∂x = 1 where min ≤ x ≤ max, else 0.
        /// </summary>
        /// <exception cref="ArgumentException">Both bounds are null, or the tensor is Bool.</exception>
        public Tensor Clamp(double? min, double? max)
        {
            CheckClamp("clamp", min, max);
            if (!DType.IsFloatingPoint())
            {
                using var lo = Elementwise.ScalarFor(this, min ?? int.MinValue);
                using var hi = Elementwise.ScalarFor(this, max ?? int.MaxValue);
                using var lower = Maximum(this, lo);
                return Minimum(lower, hi);
            }
            var node = Graph.NeedsGrad(this) ? ClampNode(min, max) : null;
            var y = Elementwise.Map("clamp", this, new ClampOp(min ?? double.NegativeInfinity, max ?? double.PositiveInfinity));
            return node is null ? y : Graph.Record(y, node);
        }

        /// <summary>
        /// <see cref="Clamp"/> in place: bumps the version counter, and like every in-place op refuses a leaf that
        /// requires grad while grad mode is on. On a tensor with history the gradient still flows where min ≤ x ≤ max.
        /// </summary>
        public Tensor ClampInPlace(double? min, double? max)
        {
            CheckClamp("clamp_", min, max);
            CheckInPlace("clamp_", null);
            if (!DType.IsFloatingPoint())
            {
                using var clamped = Clamp(min, max);
                if (clamped.DType != DType)
                    throw new ArgumentException($"clamp_: the result type {clamped.DType.Name()} cannot be stored in a {DType.Name()} tensor in place.");
                Device.Copy(clamped.Buffer, Buffer);
                Storage.BumpVersion();
                return this;
            }
            // The mask must be taken before the elements are overwritten: afterwards every element lies inside the bounds.
            var node = Graph.NeedsGrad(this) ? ClampNode(min, max) : null;
            Device.Map(new ClampOp(min ?? double.NegativeInfinity, max ?? double.PositiveInfinity), Buffer, Buffer);
            Storage.BumpVersion();
            return node is null ? this : Graph.Record(this, node);
        }

        private void CheckClamp(string name, double? min, double? max)
        {
            if (min is null && max is null) throw new ArgumentException($"{name}: at least one of min and max must be given.");
            if (DType == DType.Bool) throw new ArgumentException($"{name}: expected a numeric tensor, got bool of shape {Autograd.Shape.Format(_shape)}.");
        }

        private ClampBackward1 ClampNode(double? min, double? max)
        {
            using var inside = ClampMask(min, max);
            return new ClampBackward1(this, inside);
        }

        /// <summary>True where min ≤ x ≤ max: where the clamp passes x through (NaN elements are outside).</summary>
        private Tensor ClampMask(double? min, double? max)
        {
            if (min is not { } lo) return Le(max!.Value);
            if (max is not { } hi) return Ge(lo);
            using var aboveMin = Ge(lo);
            using var belowMax = Le(hi);
            return aboveMin.LogicalAnd(belowMax);
        }

        /// <summary>Saves the mask rather than x, so the same node serves the in-place variant, whose x is overwritten.</summary>
        private sealed class ClampBackward1 : Node
        {
            private readonly SavedTensor _inside;

            public ClampBackward1(Tensor x, Tensor inside) : base(x) => _inside = Save(inside);

            protected internal override Tensor?[] Backward(Tensor g) => [Where(_inside.Unpack(), g, 0)];
        }
    }
}
