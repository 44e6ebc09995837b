namespace OrderPipeline.Admin.Pages;

/// <summary>What a person sees for an error status on a page (the API answers problem details instead).</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    void Describe(int code) => (Title, Explanation) = code switch
    {
        400 => ("Bad request (400)", "The form could not be accepted: it was incomplete, or it came without the console's antiforgery token. Reload the page and try again."),
        403 => ("Forbidden (403)", "Your key's roles do not allow this page. Sign in with another key if you need it."),
        404 => ("Not found (404)", "There is nothing here."),
        503 => ("Unavailable (503)", "A service the console needs did not answer (database, broker or intake). Try again in a moment."),
        _ => ($"Error ({code})", "Something went wrong."),
    };
}
