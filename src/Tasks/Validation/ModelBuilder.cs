using System;
using SuperDeploy.Model;

namespace SuperDeploy.Validation;

/// <summary>The one validation pass: raw inputs in, the model (or coded diagnostics) out.</summary>
public static class ModelBuilder
{
    public static ModelResult Build(AppInput input) => throw new NotImplementedException();
}
