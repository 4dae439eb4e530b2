namespace Autograd;

public static partial class Autodiff
{
    /// <summary>
    /// Compares the gradients the engine computes for <paramref name="function"/> with central differences
    /// (f(x+ε) − f(x−ε)) / 2ε, element by element, like <c>torch.autograd.gradcheck</c>. Inputs must be contiguous
    /// Float64 leaves that require grad. Returns normally when every Jacobian entry satisfies
    /// |analytic − numeric| ≤ atol + rtol·|numeric|.
    /// </summary>
    /// <exception cref="GradCheckException">An entry is off; the message names the input and its worst element.</exception>
    public static void GradCheck(Func<Tensor[], Tensor> function, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        foreach (var x in inputs)
        {
            if (x.DType != DType.Float64 || !x.IsContiguous || !x.RequiresGrad || !x.IsLeaf)
                throw new ArgumentException("GradCheck: every input must be a contiguous Float64 leaf with RequiresGrad = true.");
        }
        double[] baseline;
        int outputs;
        // Evaluated with grad mode on: the function may itself differentiate (gradient-of-gradient checks).
        {
            using var y = function(inputs);
            baseline = y.ToDoubleArray();
            outputs = baseline.Length;
        }

        var analytic = AnalyticJacobian(function, inputs, outputs);
        for (int k = 0; k < inputs.Length; k++)
        {
            var numeric = NumericJacobian(function, inputs, k, outputs, eps);
            double worst = 0;
            int worstIn = -1, worstOut = -1;
            for (int i = 0; i < numeric.GetLength(0); i++)
                for (int j = 0; j < outputs; j++)
                {
                    double a = analytic[k][i, j], n = numeric[i, j];
                    double excess = Math.Abs(a - n) - (atol + rtol * Math.Abs(n));
                    if (double.IsNaN(a) != double.IsNaN(n) || excess > worst)
                    {
                        worst = double.IsNaN(excess) ? double.PositiveInfinity : excess;
                        (worstIn, worstOut) = (i, j);
                    }
                }
            if (worstIn >= 0)
                throw new GradCheckException(
                    $"GradCheck: Jacobian mismatch for input {k} (shape {Shape.Format(inputs[k].ShapeArray)}) at element {worstIn}, output element {worstOut}: " +
                    $"analytic {analytic[k][worstIn, worstOut]:R} vs numeric {numeric[worstIn, worstOut]:R} (atol {atol}, rtol {rtol}).");
        }
    }

    /// <summary>
    /// Checks second derivatives (<c>torch.autograd.gradgradcheck</c>): the gradient of Σ(∂f/∂x · v) for a fixed random
    /// v, computed through a graph of the first backward pass (<c>createGraph: true</c>), against central differences.
    /// </summary>
    public static void GradGradCheck(Func<Tensor[], Tensor> function, Tensor[] inputs, ulong seed = 0, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        var generator = new Generator(seed);
        Tensor[] directions;
        using (Tensor.NoGrad())
        {
            using var y = function(inputs);
            directions = inputs.Select(x => Tensor.Randn((int[])x.ShapeArray.Clone(), generator, DType.Float64).To(x.Device)).ToArray();
        }
        GradCheck(xs =>
        {
            using var y = function(xs);
            var grads = Grad([y.Sum()], xs, createGraph: true, allowUnused: true);
            Tensor total = Tensor.Scalar(0, DType.Float64, xs[0].Device);
            for (int i = 0; i < xs.Length; i++)
                if (grads[i] is { } g) total = total + (g * directions[i]).Sum();
            return total;
        }, inputs, eps, atol, rtol);
    }

    private static double[][,] AnalyticJacobian(Func<Tensor[], Tensor> function, Tensor[] inputs, int outputs)
    {
        var result = inputs.Select(x => new double[x.Numel, outputs]).ToArray();
        using var y = function(inputs);
        for (int j = 0; j < outputs; j++)
        {
            var onehot = new double[outputs];
            onehot[j] = 1;
            // From() reads an empty shape as "1-D", so a 0-d output's seed is reshaped to [] explicitly.
            using var flat = Tensor.From(onehot);
            using var v = flat.Reshape(y.ShapeArray);
            using var vOnDevice = v.To(y.Device);
            var grads = Grad([y], inputs, [vOnDevice], retainGraph: true, allowUnused: true);
            for (int k = 0; k < inputs.Length; k++)
            {
                if (grads[k] is not { } g) continue;
                var values = g.ToDoubleArray();
                for (int i = 0; i < values.Length; i++) result[k][i, j] = values[i];
                g.Dispose();
            }
        }
        return result;
    }

    private static double[,] NumericJacobian(Func<Tensor[], Tensor> function, Tensor[] inputs, int k, int outputs, double eps)
    {
        var x = inputs[k];
        var values = x.ToDoubleArray();
        var result = new double[values.Length, outputs];
        for (int i = 0; i < values.Length; i++)
        {
            double original = values[i];
            values[i] = original + eps;
            var plus = Evaluate(function, inputs, x, values);
            values[i] = original - eps;
            var minus = Evaluate(function, inputs, x, values);
            values[i] = original;
            for (int j = 0; j < outputs; j++) result[i, j] = (plus[j] - minus[j]) / (2 * eps);
        }
        x.Device.Upload<double>(values, x.Storage);
        return result;
    }

    private static double[] Evaluate(Func<Tensor[], Tensor> function, Tensor[] inputs, Tensor x, double[] values)
    {
        x.Device.Upload<double>(values, x.Storage);
        using var y = function(inputs);
        return y.ToDoubleArray();
    }
}

/// <summary>Thrown by <see cref="Autodiff.GradCheck"/> when analytic and numeric gradients disagree.</summary>
public sealed class GradCheckException(string message) : Exception(message);
