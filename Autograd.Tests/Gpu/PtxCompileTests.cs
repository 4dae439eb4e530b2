using System.Reflection;
using Autograd.Gpu.Kernels;
using Autograd.Kernels;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Autograd.Tests.Gpu;

/// <summary>
/// Compiles every kernel instantiation the device can launch to PTX for sm_80, without a GPU, so unsupported IL
/// (a BCL call that throws, System.Half, Math.Clamp) is caught here rather than on a GPU machine. Each kernel gets
/// a fresh ILGPU context, because one frontend failure poisons a context for every later compile.
/// </summary>
public class PtxCompileTests
{
    private static readonly Lazy<Dictionary<string, (MethodInfo Method, bool Explicit)>> Catalog = new(Build);

    public static IEnumerable<string> Instantiations() => Catalog.Value.Keys;

    [TestCaseSource(nameof(Instantiations))]
    public void KernelCompilesToPtxForSm80(string kernel)
    {
        var (method, isExplicit) = Catalog.Value[kernel];
        using var context = Context.Create(b => b.EnableAlgorithms());
        var arch = CudaArchitecture.SM_80;
        using var backend = new PTXBackend(context, new CudaCapabilityContext(arch), arch, CudaInstructionSet.ISA_80, null);
        var entry = isExplicit ? EntryPointDescription.FromExplicitlyGroupedKernel(method) : EntryPointDescription.FromImplicitlyGroupedKernel(method);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty);
        Assert.That(compiled.PTXAssembly, Does.Contain(".target sm_").And.Contain(".entry"));
    }

    [Test]
    public void TheCatalogCoversEveryOpStructOfCore()
    {
        Assert.That(Catalog.Value.Keys, Has.Some.Contains(nameof(ExpOp)).And.Some.Contains(nameof(MaximumOp)).And.Some.Contains(nameof(GeOp)));
        Assert.That(Catalog.Value.Keys.Count, Is.GreaterThan(60));
    }

    private static Dictionary<string, (MethodInfo, bool)> Build()
    {
        var catalog = new Dictionary<string, (MethodInfo, bool)>();
        var ops = typeof(Tensor).Assembly.GetTypes().Where(t => t.IsValueType && !t.IsGenericTypeDefinition).ToList();
        Type[] scalars = [typeof(float), typeof(double), typeof(int), typeof(byte)];
        Type[] elements = [typeof(F32), typeof(F64), typeof(I32), typeof(B8)];

        void Add(Type family, string name, bool isExplicit, params Type[] args)
        {
            var method = family.GetMethod(name)!.MakeGenericMethod(args);
            catalog[$"{name}<{string.Join(", ", args.Select(Display))}>"] = (method, isExplicit);
        }

        for (int i = 0; i < 4; i++)
        {
            Add(typeof(ElementwiseKernels), "Fill", false, scalars[i]);
            Add(typeof(ElementwiseKernels), "Where", false, scalars[i]);
            Add(typeof(IndexKernels), "IndexSelect", false, scalars[i]);
            Add(typeof(IndexKernels), "IndexAdd", false, scalars[i], elements[i]);
            Add(typeof(IndexKernels), "Gather", false, scalars[i]);
            Add(typeof(IndexKernels), "ScatterAdd", false, scalars[i], elements[i]);
            for (int j = 0; j < 4; j++) Add(typeof(ElementwiseKernels), "Copy", false, scalars[i], scalars[j], elements[i], elements[j]);
        }
        for (int i = 0; i < 3; i++)
        {
            Add(typeof(ReduceKernels), "ArgReduce", false, scalars[i], elements[i]);
            Add(typeof(RandomKernels), "FillRandom", false, scalars[i], elements[i]);
        }
        for (int i = 0; i < 2; i++)
        {
            Add(typeof(ReduceKernels), "Softmax", false, scalars[i], elements[i]);
            Add(typeof(GemmKernel), "Gemm", true, scalars[i], elements[i]);
        }
        foreach (var op in ops)
        {
            if (typeof(IUnaryOp).IsAssignableFrom(op))
            {
                Add(typeof(ElementwiseKernels), "Map", false, typeof(float), typeof(MapF32<>).MakeGenericType(op));
                Add(typeof(ElementwiseKernels), "Map", false, typeof(double), typeof(MapF64<>).MakeGenericType(op));
            }
            if (typeof(IBinaryOp).IsAssignableFrom(op))
            {
                Add(typeof(ElementwiseKernels), "Zip", false, typeof(float), typeof(ZipF32<>).MakeGenericType(op));
                Add(typeof(ElementwiseKernels), "Zip", false, typeof(double), typeof(ZipF64<>).MakeGenericType(op));
                Add(typeof(ElementwiseKernels), "Zip", false, typeof(int), typeof(ZipI32<>).MakeGenericType(op));
            }
            if (typeof(ICompareOp).IsAssignableFrom(op))
            {
                Add(typeof(ElementwiseKernels), "Compare", false, typeof(float), typeof(CompareF32<>).MakeGenericType(op));
                Add(typeof(ElementwiseKernels), "Compare", false, typeof(double), typeof(CompareF64<>).MakeGenericType(op));
                Add(typeof(ElementwiseKernels), "Compare", false, typeof(int), typeof(CompareI32<>).MakeGenericType(op));
            }
            if (typeof(IReduceOp).IsAssignableFrom(op))
            {
                Add(typeof(ReduceKernels), "Reduce", false, typeof(float), typeof(FoldF32<>).MakeGenericType(op));
                Add(typeof(ReduceKernels), "Reduce", false, typeof(double), typeof(FoldF64<>).MakeGenericType(op));
                Add(typeof(ReduceKernels), "Reduce", false, typeof(int), typeof(FoldI32<>).MakeGenericType(op));
            }
        }
        return catalog;
    }

    private static string Display(Type t) => t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(Display))}>" : t.Name;
}
