using Microsoft.AspNetCore.Builder;

namespace OrderPipeline.Hosting.Http;

/// <summary>
/// Query strings and paths with a control character (a %00 in an id or a filter) are a 400 naming the parameter, before any
/// endpoint runs: they could only end as a database error. Bodies are checked field by field by <see cref="PrintableStringConverter"/>.
/// </summary>
public static class PrintableInput
{
    public static IApplicationBuilder UsePrintableInput(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var errors = new Dictionary<string, string[]>();
        if (ControlCharacterException.Contains(context.Request.Path.Value))
        {
            errors["path"] = [ControlCharacterException.Rule];
        }

        foreach (var (name, values) in context.Request.Query)
        {
            if (ControlCharacterException.Contains(name) || values.Any(v => ControlCharacterException.Contains(v)))
            {
                errors[$"query.{new string(name.Where(c => !char.IsControl(c)).ToArray())}"] = [ControlCharacterException.Rule];
            }
        }

        if (errors.Count > 0)
        {
            await Problems.Validation(errors).ExecuteAsync(context);
            return;
        }

        await next(context);
    });
}
