using Autograd.Kernels;

namespace Autograd.Tests.Kernels;

public class SpecialFunctionsTests
{
    // erf to 20 significant digits (mpmath), across Cody's three intervals and their boundaries.
    [TestCase(1e-300, 1.1283791670955126022e-300)]
    [TestCase(1e-10, 1.128379167095512615e-10)]
    [TestCase(0.1, 0.1124629160182848984)]
    [TestCase(0.46875, 0.49261347321793799159)]
    [TestCase(0.5, 0.52049987781304653768)]
    [TestCase(1.0, 0.84270079294971486934)]
    [TestCase(1.5, 0.96610514647531072707)]
    [TestCase(2.0, 0.99532226501895273416)]
    [TestCase(3.0, 0.99997790950300141456)]
    [TestCase(4.0, 0.99999998458274209972)]
    [TestCase(4.5, 0.99999999980338395585)]
    [TestCase(5.5, 0.99999999999999264215)]
    [TestCase(-0.7, -0.67780119383741844228)]
    [TestCase(-2.5, -0.99959304798255504106)]
    public void ErfMatchesHighPrecisionValues(double x, double expected)
    {
        Assert.That(SpecialFunctions.Erf(x), Is.EqualTo(expected).Within(4e-16 * Math.Abs(expected)));
        Assert.That(SpecialFunctions.Erf((float)x), Is.EqualTo((float)expected).Within(3e-7 * Math.Abs(expected) + 1e-30));
    }

    [Test]
    public void ErfHandlesInfinitiesNaNAndSignedZero()
    {
        Assert.That(SpecialFunctions.Erf(double.PositiveInfinity), Is.EqualTo(1.0));
        Assert.That(SpecialFunctions.Erf(double.NegativeInfinity), Is.EqualTo(-1.0));
        Assert.That(SpecialFunctions.Erf(40.0), Is.EqualTo(1.0));
        Assert.That(double.IsNaN(SpecialFunctions.Erf(double.NaN)), Is.True);
        Assert.That(double.IsNegative(SpecialFunctions.Erf(-0.0)), Is.True);
        Assert.That(SpecialFunctions.Erf(float.NegativeInfinity), Is.EqualTo(-1f));
        Assert.That(float.IsNaN(SpecialFunctions.Erf(float.NaN)), Is.True);
    }

    // libtorch computes gelu as x·½·(1 + erf(x/√2)) with a libm-accurate erf; these are that formula evaluated with
    // glibc's erf. The negative tail is where 1 + erf cancels, so it checks erf's last bits, not just its shape.
    [TestCase(-6.0, -5.919525869479969e-09)]
    [TestCase(-5.0, -1.4332578593401202e-06)]
    [TestCase(-4.0, -0.00012668496733247991)]
    [TestCase(-3.0, -0.00404969409489031)]
    [TestCase(-1.0, -0.15865525393145702)]
    [TestCase(-0.3, -0.1146265733433142)]
    [TestCase(0.2, 0.11585194188782061)]
    [TestCase(1.3, 1.1741593700387067)]
    [TestCase(3.5, 3.4991857982233756)]
    [TestCase(5.0, 4.999998566742141)]
    public void GeluMatchesTheLibtorchFormulaToAboutOneInATrillion(double x, double expected)
    {
        using var t = Tensor.From([x], 1);
        using var y = t.Gelu();
        Assert.That(y.ToDoubleArray()[0], Is.EqualTo(expected).Within(1e-12 * Math.Abs(expected)));
    }

    [Test]
    public void Log1pKeepsTheDigitsThatLogOfOnePlusXLoses()
    {
        Assert.That(SpecialFunctions.Log1p(1e-10), Is.EqualTo(9.999999999500001e-11).Within(1e-26));
        Assert.That(SpecialFunctions.Log1p(1e-20), Is.EqualTo(1e-20));
        Assert.That(SpecialFunctions.Log1p(1e-5f), Is.EqualTo(9.99995e-6f).Within(1e-12f));
        Assert.That(SpecialFunctions.Log1p(-1.0), Is.EqualTo(double.NegativeInfinity));
        Assert.That(SpecialFunctions.Log1p(double.PositiveInfinity), Is.EqualTo(double.PositiveInfinity));
        Assert.That(double.IsNaN(SpecialFunctions.Log1p(-2.0)), Is.True);
        Assert.That(SpecialFunctions.Log1p(1.5), Is.EqualTo(Math.Log(2.5)).Within(1e-15));
    }
}
