using System.Numerics;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>
    /// β·v + ((1 − β)·g)·g: Adam's second-moment update <c>v.mul_(β).addcmul_(g, g, 1 − β)</c> in one pass, rounding
    /// after each operation exactly as those two in-place ops do.
    /// </summary>
    public readonly struct SquareAverageOp(double beta) : ILaneBinaryOp
    {
        private readonly double _beta = beta, _weight = 1 - beta;
        private readonly float _beta32 = (float)beta, _weight32 = (float)(1 - beta);

        /// <inheritdoc/>
        public float Apply(float v, float g) => v * _beta32 + _weight32 * g * g;
        /// <inheritdoc/>
        public double Apply(double v, double g) => v * _beta + _weight * g * g;
        /// <inheritdoc/>
        public int Apply(int v, int g) => (int)Apply((double)v, g);

        /// <inheritdoc/>
        public Vector<float> Apply(Vector<float> v, Vector<float> g) => v * new Vector<float>(_beta32) + new Vector<float>(_weight32) * g * g;
        /// <inheritdoc/>
        public Vector<double> Apply(Vector<double> v, Vector<double> g) => v * new Vector<double>(_beta) + new Vector<double>(_weight) * g * g;
    }

    /// <summary>
    /// s·m / (√v / c + ε): Adam's step from its two moments, rounding as PyTorch's sequence does (<c>v.sqrt()</c>,
    /// <c>div_(c)</c>, <c>add_(ε)</c>, then the quotient of <c>addcdiv_(m, denominator, s)</c>).
    /// </summary>
    public readonly struct AdamStepOp(double stepSize, double biasCorrection2Sqrt, double eps) : ILaneBinaryOp
    {
        private readonly double _s = stepSize, _c = biasCorrection2Sqrt, _eps = eps;
        private readonly float _s32 = (float)stepSize, _c32 = (float)biasCorrection2Sqrt, _eps32 = (float)eps;

        /// <inheritdoc/>
        public float Apply(float m, float v) => _s32 * m / (MathF.Sqrt(v) / _c32 + _eps32);
        /// <inheritdoc/>
        public double Apply(double m, double v) => _s * m / (Math.Sqrt(v) / _c + _eps);
        /// <inheritdoc/>
        public int Apply(int m, int v) => (int)Apply((double)m, v);

        /// <inheritdoc/>
        public Vector<float> Apply(Vector<float> m, Vector<float> v) =>
            new Vector<float>(_s32) * m / (Vector.SquareRoot(v) / new Vector<float>(_c32) + new Vector<float>(_eps32));
        /// <inheritdoc/>
        public Vector<double> Apply(Vector<double> m, Vector<double> v) =>
            new Vector<double>(_s) * m / (Vector.SquareRoot(v) / new Vector<double>(_c) + new Vector<double>(_eps));
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// One Adam step of one parameter, in place (PyTorch's fused Adam, <c>_fused_adam_</c>, for a single tensor), at
        /// step t ≥ 1:
        /// <code>
        /// m ← lerp(m, g, 1 − β₁)
        /// v ← β₂·v + (1 − β₂)·g²
        /// v̂ ← max(v̂, v)                                  (when <paramref name="maxExpAvgSq"/> is given: AMSGrad, v̂ replaces v below)
        /// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
        /// </code>
        /// Every element rounds exactly as the same steps written as separate in-place ops (<c>lerp_</c>, <c>mul_</c>,
        /// <c>addcmul_</c>, <c>sqrt</c>, <c>div_</c>, <c>add_</c>, <c>addcdiv_</c>) do, but in four passes over the
        /// elements instead of nine. All tensors have the parameter's shape, dtype (floating point) and device. Not
        /// differentiable: call it under <see cref="NoGrad"/>, as optimizers do.
        /// </summary>
        /// <exception cref="ArgumentException">A shape, dtype or device differs, the dtype is not floating point, or two tensors share memory.</exception>
        /// <exception cref="InvalidOperationException">Grad mode is on and a tensor requires grad.</exception>
        public static void AdamStepInPlace(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq, double learningRate,
            double beta1, double beta2, double eps, long step)
        {
            Tensor[] all = maxExpAvgSq is null ? [param, grad, expAvg, expAvgSq] : [param, grad, expAvg, expAvgSq, maxExpAvgSq];
            CheckAdamOperands(all);
            expAvg.LerpInPlace(grad, 1 - beta1);
            param.Device.Zip(Lanes.Of(new SquareAverageOp(beta2)), expAvgSq.Buffer, grad.Buffer, expAvgSq.Buffer);
            expAvgSq.Storage.BumpVersion();
            var second = expAvgSq;
            if (maxExpAvgSq is not null)
            {
                using var larger = Maximum(maxExpAvgSq, expAvgSq);
                maxExpAvgSq.CopyFrom(larger);
                second = maxExpAvgSq;
            }
            double biasCorrection1 = 1 - Math.Pow(beta1, step);
            double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
            // p + (s·m / d), added as addcdiv_ adds its quotient.
            param.AddResultOf(Lanes.Of(new AdamStepOp(-(learningRate / biasCorrection1), biasCorrection2Sqrt, eps)), expAvg.Buffer, second.Buffer);
            param.Storage.BumpVersion();
        }

        private static void CheckAdamOperands(Tensor[] all)
        {
            const string name = "adam_step_";
            var p = all[0];
            if (GradMode.IsEnabled && all.Any(t => t.RequiresGrad))
                throw new InvalidOperationException($"{name}: the update is not differentiable; call it under Tensor.NoGrad(), as optimizers do.");
            if (!p.DType.IsFloatingPoint())
                throw new ArgumentException($"{name}: the parameter must be floating point, got {p.DType.Name()}.");
            for (int i = 1; i < all.Length; i++)
            {
                var t = all[i];
                p.CheckSameDevice(name, t);
                if (t.DType != p.DType || !Autograd.Shape.Equal(t._shape, p._shape))
                    throw new ArgumentException($"{name}: every tensor must be a {p.DType.Name()} {Autograd.Shape.Format(p._shape)} like the parameter, " +
                                                $"but tensor {i} is {t.DType.Name()} {Autograd.Shape.Format(t._shape)}.");
                for (int j = 0; j < i; j++)
                    if (ReferenceEquals(t.Storage, all[j].Storage))
                        throw new ArgumentException($"{name}: tensors {j} and {i} share memory; the parameter, gradient and state must be distinct.");
            }
        }
    }
}
