namespace Autograd.Kernels;

/// <summary>a + b.</summary>
public readonly struct AddOp : IBinaryOp
{
    public float Apply(float a, float b) => a + b;
    public double Apply(double a, double b) => a + b;
    public int Apply(int a, int b) => a + b;
}

/// <summary>a − b.</summary>
public readonly struct SubOp : IBinaryOp
{
    public float Apply(float a, float b) => a - b;
    public double Apply(double a, double b) => a - b;
    public int Apply(int a, int b) => a - b;
}

/// <summary>a · b.</summary>
public readonly struct MulOp : IBinaryOp
{
    public float Apply(float a, float b) => a * b;
    public double Apply(double a, double b) => a * b;
    public int Apply(int a, int b) => a * b;
}

/// <summary>a / b (integer division truncates; true division promotes to float before reaching the kernel).</summary>
public readonly struct DivOp : IBinaryOp
{
    public float Apply(float a, float b) => a / b;
    public double Apply(double a, double b) => a / b;
    public int Apply(int a, int b) => b == 0 ? 0 : a / b;
}

/// <summary>a^b.</summary>
public readonly struct PowOp : IBinaryOp
{
    public float Apply(float a, float b) => MathF.Pow(a, b);
    public double Apply(double a, double b) => Math.Pow(a, b);
    public int Apply(int a, int b) => (int)Math.Pow(a, b);
}

/// <summary>max(a, b); NaN propagates.</summary>
public readonly struct MaximumOp : IBinaryOp
{
    public float Apply(float a, float b) => float.IsNaN(a) || a > b ? a : b;
    public double Apply(double a, double b) => double.IsNaN(a) || a > b ? a : b;
    public int Apply(int a, int b) => a > b ? a : b;
}

/// <summary>min(a, b); NaN propagates.</summary>
public readonly struct MinimumOp : IBinaryOp
{
    public float Apply(float a, float b) => float.IsNaN(a) || a < b ? a : b;
    public double Apply(double a, double b) => double.IsNaN(a) || a < b ? a : b;
    public int Apply(int a, int b) => a < b ? a : b;
}
