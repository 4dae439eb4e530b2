using System.Globalization;
using System.Text;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>PyTorch's print format: <c>tensor([1., 1.], requires_grad=True)</c>, <c>tensor(4., grad_fn=&lt;SumBackward0&gt;)</c>.</summary>
    public override string ToString()
    {
        if (IsDisposed) return "tensor(<disposed>)";
        var values = ToDoubleArray();
        bool summarize = values.Length > 1000;
        // As PyTorch, the width and notation are chosen from the elements that are printed, not the elided ones.
        var format = ElementFormat.For(summarize ? Printed(values, 0, 0).ToArray() : values, DType);
        var sb = new StringBuilder("tensor(");
        if (values.Length == 0) sb.Append("[]");
        else WriteSlice(sb, values, 0, 0, format, indent: 7, summarize);
        if (values.Length == 0 && Rank > 1) sb.Append(", size=(").Append(string.Join(", ", _shape)).Append(')');
        if (Device.Name != "cpu") sb.Append(", device='").Append(Device.Name).Append('\'');
        if (DType is DType.Float64 or DType.Int32) sb.Append(", dtype=torch.").Append(DType.Name());
        if (GradFn is not null) sb.Append(", grad_fn=<").Append(GradFn.Name).Append('>');
        else if (RequiresGrad) sb.Append(", requires_grad=True");
        return sb.Append(')').ToString();
    }

    /// <summary>The indices along a dimension of <paramref name="size"/> that are printed: all, or the first and last three.</summary>
    private static IEnumerable<int> PrintedIndices(int size, bool elide) =>
        elide ? [0, 1, 2, size - 3, size - 2, size - 1] : Enumerable.Range(0, size);

    /// <summary>The elements a summarised print shows, in order.</summary>
    private IEnumerable<double> Printed(double[] values, int dim, int start)
    {
        if (dim == Rank) return [values[start]];
        int block = Autograd.Shape.Numel(_shape.AsSpan(dim + 1));
        return PrintedIndices(_shape[dim], _shape[dim] > 6).SelectMany(i => Printed(values, dim + 1, start + i * block));
    }

    private void WriteSlice(StringBuilder sb, double[] values, int dim, int start, ElementFormat format, int indent, bool summarize)
    {
        if (dim == Rank)
        {
            sb.Append(format.Format(values[start]));
            return;
        }
        int size = _shape[dim];
        int block = Autograd.Shape.Numel(_shape.AsSpan(dim + 1));
        bool elide = summarize && size > 6;
        var items = PrintedIndices(size, elide).ToList();

        sb.Append('[');
        if (dim == Rank - 1)
        {
            // The ellipsis is a cell of its own (" ..."), so it takes a place in the line like an element does.
            var cells = items.Select(i => format.Format(values[start + i])).ToList();
            if (elide) cells.Insert(3, " ...");
            int perLine = Math.Max(1, (80 - indent) / (format.Width + 2));
            for (int j = 0; j < cells.Count; j++)
            {
                if (j > 0) sb.Append(j % perLine == 0 ? ",\n" + new string(' ', indent + 1) : ", ");
                sb.Append(cells[j]);
            }
        }
        else
        {
            string separator = "," + new string('\n', Rank - dim - 1) + new string(' ', indent + 1);
            for (int j = 0; j < items.Count; j++)
            {
                if (j > 0) sb.Append(separator);
                if (elide && j == 3) sb.Append("...").Append(separator);
                WriteSlice(sb, values, dim + 1, start + items[j] * block, format, indent + 1, summarize);
            }
        }
        sb.Append(']');
    }

    /// <summary>PyTorch's element formatter: integer-valued floats print as <c>1.</c>, others with 4 decimals or in scientific notation.</summary>
    private sealed class ElementFormat
    {
        private readonly DType _dtype;
        private bool _intMode = true;
        private bool _sciMode;

        private ElementFormat(DType dtype) => _dtype = dtype;

        public int Width { get; private set; } = 1;

        public static ElementFormat For(double[] values, DType dtype)
        {
            var f = new ElementFormat(dtype);
            if (!dtype.IsFloatingPoint())
            {
                foreach (double v in values) f.Width = Math.Max(f.Width, f.Format(v).Length);
                return f;
            }
            var finite = values.Where(v => double.IsFinite(v) && v != 0).ToArray();
            if (finite.Length == 0) return f;
            double maxAbs = finite.Max(Math.Abs), minAbs = finite.Min(Math.Abs);
            f._intMode = finite.All(v => v == Math.Ceiling(v));
            f._sciMode = maxAbs / minAbs > 1000 || maxAbs > 1e8 || (!f._intMode && minAbs < 1e-4);
            foreach (double v in finite) f.Width = Math.Max(f.Width, f.Format(v).Length);
            return f;
        }

        public string Format(double v)
        {
            string s;
            if (_dtype == DType.Bool) s = v != 0 ? "True" : "False";
            else if (_dtype == DType.Int32) s = ((long)v).ToString(CultureInfo.InvariantCulture);
            else if (double.IsNaN(v)) s = "nan";
            else if (double.IsInfinity(v)) s = v > 0 ? "inf" : "-inf";
            else if (_sciMode) s = v.ToString("0.0000e+00", CultureInfo.InvariantCulture);
            else if (_intMode) s = v.ToString("0", CultureInfo.InvariantCulture) + ".";
            else s = v.ToString("0.0000", CultureInfo.InvariantCulture);
            return s.PadLeft(Width);
        }
    }
}
