namespace Autograd.Kernels;

/// <summary>a == b.</summary>
public readonly struct EqOp : ICompareOp
{
    /// <inheritdoc/>
    public bool Apply(float a, float b) => a == b;
    /// <inheritdoc/>
    public bool Apply(double a, double b) => a == b;
    /// <inheritdoc/>
    public bool Apply(int a, int b) => a == b;
}

/// <summary>a != b.</summary>
public readonly struct NeOp : ICompareOp
{
    /// <inheritdoc/>
    public bool Apply(float a, float b) => a != b;
    /// <inheritdoc/>
    public bool Apply(double a, double b) => a != b;
    /// <inheritdoc/>
    public bool Apply(int a, int b) => a != b;
}

/// <summary>a &lt; b.</summary>
public readonly struct LtOp : ICompareOp
{
    /// <inheritdoc/>
    public bool Apply(float a, float b) => a < b;
    /// <inheritdoc/>
    public bool Apply(double a, double b) => a < b;
    /// <inheritdoc/>
    public bool Apply(int a, int b) => a < b;
}

/// <summary>a &lt;= b.</summary>
public readonly struct LeOp : ICompareOp
{
    /// <inheritdoc/>
    public bool Apply(float a, float b) => a <= b;
    /// <inheritdoc/>
    public bool Apply(double a, double b) => a <= b;
    /// <inheritdoc/>
    public bool Apply(int a, int b) => a <= b;
}

/// <summary>a &gt; b.</summary>
public readonly struct GtOp : ICompareOp
{
    /// <inheritdoc/>
    public bool Apply(float a, float b) => a > b;
    /// <inheritdoc/>
    public bool Apply(double a, double b) => a > b;
    /// <inheritdoc/>
    public bool Apply(int a, int b) => a > b;
}

/// <summary>a &gt;= b.</summary>
public readonly struct GeOp : ICompareOp
{
    /// <inheritdoc/>
    public bool Apply(float a, float b) => a >= b;
    /// <inheritdoc/>
    public bool Apply(double a, double b) => a >= b;
    /// <inheritdoc/>
    public bool Apply(int a, int b) => a >= b;
}
