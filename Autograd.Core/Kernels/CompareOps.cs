namespace Autograd.Kernels;

/// <summary>a == b.</summary>
public readonly struct EqOp : ICompareOp
{
    public bool Apply(float a, float b) => a == b;
    public bool Apply(double a, double b) => a == b;
    public bool Apply(int a, int b) => a == b;
}

/// <summary>a != b.</summary>
public readonly struct NeOp : ICompareOp
{
    public bool Apply(float a, float b) => a != b;
    public bool Apply(double a, double b) => a != b;
    public bool Apply(int a, int b) => a != b;
}

/// <summary>a &lt; b.</summary>
public readonly struct LtOp : ICompareOp
{
    public bool Apply(float a, float b) => a < b;
    public bool Apply(double a, double b) => a < b;
    public bool Apply(int a, int b) => a < b;
}

/// <summary>a &lt;= b.</summary>
public readonly struct LeOp : ICompareOp
{
    public bool Apply(float a, float b) => a <= b;
    public bool Apply(double a, double b) => a <= b;
    public bool Apply(int a, int b) => a <= b;
}

/// <summary>a &gt; b.</summary>
public readonly struct GtOp : ICompareOp
{
    public bool Apply(float a, float b) => a > b;
    public bool Apply(double a, double b) => a > b;
    public bool Apply(int a, int b) => a > b;
}

/// <summary>a &gt;= b.</summary>
public readonly struct GeOp : ICompareOp
{
    public bool Apply(float a, float b) => a >= b;
    public bool Apply(double a, double b) => a >= b;
    public bool Apply(int a, int b) => a >= b;
}
