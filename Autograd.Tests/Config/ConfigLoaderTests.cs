using Autograd.Nn.Config;

namespace Autograd.Tests.Config;

public class ConfigLoaderTests
{
    private static ConfigException Fails(string yaml, params string[] overrides) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "test.yml", overrides))!;

    [Test]
    public void SeedModelYmlLoadsExactlyAsWritten()
    {
        var config = ConfigLoader.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "Config", "model.yml"));
        Assert.Multiple(() =>
        {
            Assert.That(config.Layer, Is.EqualTo(6));
            Assert.That(config.HiddenSize, Is.EqualTo(512));
            Assert.That(config.MultiHead, Is.EqualTo(8));
            Assert.That(config.DropoutR, Is.EqualTo(0.1));
            Assert.That(config.FlatMlpSize, Is.EqualTo(512));
            Assert.That(config.FlatGlimpses, Is.EqualTo(1));
            Assert.That(config.FlatOutSize, Is.EqualTo(1024));
            Assert.That(config.LrBase, Is.EqualTo(0.0001));
            Assert.That(config.LrDecayR, Is.EqualTo(0.2));
            Assert.That(config.GradAccuSteps, Is.EqualTo(1));
            Assert.That(config.CkptVersion, Is.EqualTo("small"));
            Assert.That(config.CkptEpoch, Is.EqualTo(13));
        });
    }

    [Test]
    public void EmptyConfigGivesTheDefaults()
    {
        var config = ConfigLoader.Parse("# nothing set\n");
        Assert.Multiple(() =>
        {
            Assert.That(config.BatchSize, Is.EqualTo(64));
            Assert.That(config.LrDecayList, Is.EqualTo(new[] { 10, 12 }));
            Assert.That(config.OptBetas, Is.EqualTo(new[] { 0.9, 0.98 }));
            Assert.That(config.Dataset, Is.EqualTo("digits"));
            Assert.That(config.CkptEpoch, Is.Null);
        });
    }

    [Test]
    public void ToYamlLoadsBackToTheSameValues()
    {
        var config = ConfigLoader.Parse("MODEL: cnn\nLR_DECAY_LIST: [3, 5]\nVERSION: 'it''s'\nDATA_DIR: /tmp/data\n");
        var again = ConfigLoader.Parse(config.ToYaml());
        Assert.That(again.ToYaml(), Is.EqualTo(config.ToYaml()));
        Assert.That(again.Version, Is.EqualTo("it's"));
    }

    [Test]
    public void UnknownKeySuggestsTheClosestKnownKeyWithLineAndColumn()
    {
        var e = Fails("LAYER: 6\n  \nBATCHSIZE: 32\n");
        Assert.That(e.Message, Is.EqualTo("test.yml:3:1: unknown key 'BATCHSIZE'; did you mean 'BATCH_SIZE'?"));
    }

    [Test]
    public void LowerCaseKeyIsUnknownButSuggestsItsUpperCaseForm()
    {
        var e = Fails("lr_base: 0.1\n");
        Assert.That(e.Message, Does.Contain("did you mean 'LR_BASE'?"));
    }

    [Test]
    public void WrongTypeNamesTheExpectedTypeAndPointsAtTheValue()
    {
        var e = Fails("LAYER: 6\nHIDDEN_SIZE: big\n");
        Assert.That(e.Message, Is.EqualTo("test.yml:2:14: HIDDEN_SIZE expects a whole number, got 'big'"));
    }

    [Test]
    public void FractionForAnIntegerKeyIsAWrongType()
    {
        Assert.That(Fails("MAX_EPOCH: 2.5\n").Message, Does.Contain("MAX_EPOCH expects a whole number, got '2.5'"));
    }

    [TestCase("MAX_EPOCH: 99999999999\n", "test.yml:1:12: MAX_EPOCH is out of range: 99999999999 is not between -2147483648 and 2147483647")]
    [TestCase("SEED: -99999999999\n", "test.yml:1:7: SEED is out of range: -99999999999 is not between -2147483648 and 2147483647")]
    public void WholeNumberBeyondIntIsOutOfRangeNotTheWrongType(string yaml, string message) =>
        Assert.That(Fails(yaml).Message, Is.EqualTo(message));

    [Test]
    public void LocationOfAKeyIsItsLineOrItsOverride()
    {
        var config = ConfigLoader.Parse("SEED: 1\nDEVICE: cpu\n", "test.yml", ["DEVICE=cpu:1"]);
        Assert.That(config.LocationOf("SEED")?.ToString(), Is.EqualTo("test.yml:1:1"));
        Assert.That(config.LocationOf("DEVICE")?.ToString(), Is.EqualTo("--set DEVICE=cpu:1"));
        Assert.That(config.LocationOf("DATA_DIR"), Is.Null);
        Assert.That(config.Clone().LocationOf("SEED"), Is.EqualTo(config.LocationOf("SEED")));
    }

    [Test]
    public void ScalarForAListKeyIsAWrongType()
    {
        Assert.That(Fails("LR_DECAY_LIST: 10\n").Message, Is.EqualTo("test.yml:1:16: LR_DECAY_LIST expects a list of whole numbers, like [10, 12], got '10'"));
    }

    [Test]
    public void TabInIndentationIsRejectedAtItsColumn()
    {
        var e = Fails("LAYER: 6\n \tHIDDEN_SIZE: 512\n");
        Assert.That(e.Message, Is.EqualTo("test.yml:2:2: a tab in the indentation; YAML allows only spaces there"));
    }

    [TestCase("BATCH_SIZE: 0\n", "test.yml:1:13: BATCH_SIZE must be positive, got 0")]
    [TestCase("BATCH_SIZE: -8\n", "test.yml:1:13: BATCH_SIZE must be positive, got -8")]
    public void NonPositiveBatchSizeIsRejected(string yaml, string message)
    {
        Assert.That(Fails(yaml).Message, Is.EqualTo(message));
    }

    [Test]
    public void BatchSizeNotDivisibleByAccumulationStepsNamesBothValues()
    {
        var e = Fails("BATCH_SIZE: 100\nGRAD_ACCU_STEPS: 3\n");
        Assert.That(e.Message, Does.StartWith("test.yml:2:1: BATCH_SIZE (100) must be divisible by GRAD_ACCU_STEPS (3)"));
    }

    [Test]
    public void HiddenSizeNotDivisibleByHeadsNamesBothValues()
    {
        var e = Fails("HIDDEN_SIZE: 500\nMULTI_HEAD: 8\n");
        Assert.That(e.Message, Does.StartWith("test.yml:2:1: HIDDEN_SIZE (500) must be divisible by MULTI_HEAD (8)"));
    }

    [Test]
    public void OverrideReplacesTheFileValue()
    {
        var config = ConfigLoader.Parse("LR_BASE: 0.1\n", "test.yml", ["LR_BASE=0.001", "LR_DECAY_LIST=[2, 4]", "CKPT_VERSION=abc"]);
        Assert.Multiple(() =>
        {
            Assert.That(config.LrBase, Is.EqualTo(0.001));
            Assert.That(config.LrDecayList, Is.EqualTo(new[] { 2, 4 }));
            Assert.That(config.CkptVersion, Is.EqualTo("abc"));
        });
    }

    [Test]
    public void OverrideGoesThroughTheSameTypeCheck()
    {
        Assert.That(Fails("", "LR_BASE=fast").Message, Is.EqualTo("--set LR_BASE=fast: LR_BASE expects a number, got 'fast'"));
    }

    [Test]
    public void OverrideWithAnUnknownKeySuggestsOne()
    {
        Assert.That(Fails("", "GRAD_ACCUM_STEPS=2").Message, Is.EqualTo("--set GRAD_ACCUM_STEPS=2: unknown key 'GRAD_ACCUM_STEPS'; did you mean 'GRAD_ACCU_STEPS'?"));
    }

    [Test]
    public void OverrideThatBreaksDivisibilityIsBlamedForIt()
    {
        var e = Fails("BATCH_SIZE: 64\nGRAD_ACCU_STEPS: 4\n", "BATCH_SIZE=30");
        Assert.That(e.Message, Does.StartWith("--set BATCH_SIZE=30: BATCH_SIZE (30) must be divisible by GRAD_ACCU_STEPS (4)"));
    }

    [Test]
    public void OverrideWithoutEqualsSignIsRejected()
    {
        Assert.That(Fails("", "LR_BASE").Message, Does.Contain("an override must look like KEY=VALUE"));
    }

    [Test]
    public void ResumeWithoutCheckpointVersionIsRejected()
    {
        Assert.That(Fails("RESUME: true\n").Message, Does.Contain("RESUME: true needs CKPT_VERSION"));
    }

    [Test]
    public void NullIsAcceptedOnlyWhereTheDefaultIsNull()
    {
        Assert.That(ConfigLoader.Parse("CKPT_EPOCH: null\nDATA_DIR: ~\n").DataDir, Is.Null);
        Assert.That(Fails("BATCH_SIZE: null\n").Message, Does.Contain("BATCH_SIZE expects a whole number, got nothing (null)"));
    }

    [Test]
    public void UnknownChoiceListsTheAllowedOnes()
    {
        Assert.That(Fails("OPTIMIZER: rmsprop\n").Message, Is.EqualTo("test.yml:1:12: OPTIMIZER must be one of adam, adamw, sgd; got 'rmsprop'"));
    }

    [Test]
    public void InvalidYamlReportsItsPosition()
    {
        Assert.That(Fails("LAYER: [1, 2\n").Message, Does.StartWith("test.yml:2:1: not valid YAML"));
    }

    [Test]
    public void UnclosedFlowListBeforeTheNextKeyIsReportedAtItsBracket()
    {
        Assert.That(Fails("MODEL: mlp\nMLP_HIDDEN: [16, 8\nSEED: 1\n").Message,
            Is.EqualTo("test.yml:2:13: not valid YAML: this '[' list is never closed with ']'"));
    }

    [Test]
    public void UnclosedFlowMappingBeforeTheNextKeyIsReportedAtItsBrace()
    {
        Assert.That(Fails("A: {x: 1\nB: 2\n").Message, Is.EqualTo("test.yml:1:4: not valid YAML: this '{' mapping is never closed with '}'"));
    }

    [Test]
    public void BadItemOfABlockListIsReportedAtTheItemsLine()
    {
        Assert.That(Fails("MLP_HIDDEN:\n  - 16\n  - x\n").Message, Does.StartWith("test.yml:3:5: MLP_HIDDEN expects").And.EndWith("got 'x'"));
    }

    [Test]
    public void OverrideValueStartingWithAHashIsTakenLiterallyNotAsAComment()
    {
        Assert.That(ConfigLoader.Parse("", "test.yml", ["VERSION=#x"]).Version, Is.EqualTo("#x"));
        Assert.That(ConfigLoader.Parse("", "test.yml", ["VERSION=a #b"]).Version, Is.EqualTo("a #b"));
        Assert.That(ConfigLoader.Parse("", "test.yml", ["VERSION='#q'"]).Version, Is.EqualTo("#q"));
        Assert.That(Fails("", "BATCH_SIZE=#3").Message, Is.EqualTo("--set BATCH_SIZE=#3: BATCH_SIZE expects a whole number, got the quoted text '#3'"));
    }

    [Test]
    public void DuplicateKeyIsReportedAtTheSecondOccurrence()
    {
        Assert.That(Fails("LAYER: 6\nLAYER: 7\n").Message, Does.StartWith("test.yml:2:1: ").And.Contain("LAYER"));
    }

    [TestCase("kitten", "sitting", 3)]
    [TestCase("BATCHSIZE", "BATCH_SIZE", 1)]
    [TestCase("", "ABC", 3)]
    public void EditDistanceCountsSingleCharacterEdits(string a, string b, int expected)
    {
        Assert.That(ConfigKeys.EditDistance(a, b), Is.EqualTo(expected));
    }
}
