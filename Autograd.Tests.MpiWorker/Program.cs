using System.Globalization;
using Autograd.Nn.Distributed;
using Autograd.Tests.MpiWorker;

// Started by the tests under mpirun:
//   identity OUT_DIR       each rank trains the identity scenario (SGD, then Adam) with GRAD_ACCU_STEPS 2;
//                          rank 0 writes OUT_DIR/sgd.txt and OUT_DIR/adam.txt, one parameter value per line.
//   fail                   rank 1 throws at step 2; the job must end with an error instead of hanging.
using var group = MpiProcessGroup.Initialize();
group.RunOrAbort(() =>
{
    switch (args)
    {
        case ["identity", var outDir]:
            foreach (var kind in new[] { "sgd", "adam" })
            {
                var parameters = IdentityScenario.Distributed(kind, group, gradAccuSteps: 2);
                if (group.Rank == 0)
                    File.WriteAllLines(Path.Combine(outDir, kind + ".txt"), parameters.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            }
            break;
        case ["fail"]:
            IdentityScenario.Distributed("sgd", group, gradAccuSteps: 2, failAtStep: 2);
            break;
        default:
            throw new ArgumentException($"usage: Autograd.Tests.MpiWorker identity OUT_DIR | fail (got: {string.Join(' ', args)})");
    }
    group.Barrier();
});
