using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A local named after a login or a password that holds the program's own text, a prompt made from a
/// localized resource string or a sentence, is the question and not the answer: judged by what it
/// holds. Beside it, the same names holding what the user typed are still reported.
/// </summary>
public class ProgramTextLoggedTests
{
    private const string Resources = """
        namespace App
        {
            using System.Resources;

            internal static class Strings
            {
                internal static ResourceManager ResourceManager { get; } = new("App.Strings", typeof(Strings).Assembly);

                internal static string EnterLogin => ResourceManager.GetString("EnterLogin")!;

                internal static string EnterPassword => ResourceManager.GetString("EnterPassword")!;
            }

            internal static class Replies
            {
                internal static string FormatReply(string text, string botName) => $"<{botName}> {text}";
            }

            internal sealed class PasswordBox
            {
                public string Text { get; set; } = "";
            }
        }
        """;

    [Fact]
    public async Task A_prompt_made_from_a_resource_string_or_a_sentence_is_not_the_login_or_password_it_names()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Resources + """

            namespace App
            {
                using System;

                class Prompts
                {
                    void Ask(string botName)
                    {
                        string loginText = Replies.FormatReply(Strings.EnterLogin, botName);
                        Console.Write(loginText);

                        string passwordText = string.Format(Strings.EnterPassword, botName);
                        Console.Write(passwordText);

                        var passwordPrompt = Strings.EnterPassword;
                        Console.WriteLine(passwordPrompt);
                        Console.WriteLine(Strings.EnterPassword);

                        var password = "Please enter your password: ";
                        Console.Write(password);

                        var secretText = string.Format("Enter the shared secret of {0}: ", botName);
                        Console.Write(secretText);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_prompt_from_a_resource_class_generated_at_build_time_and_missing_is_judged_the_same()
    {
        // Strings is made from Strings.resx by the build: code read without it cannot bind to it.
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Resources.Replace("class Strings", "class KnownStrings", StringComparison.Ordinal).Replace("typeof(Strings)", "typeof(KnownStrings)", StringComparison.Ordinal) + """

            namespace App
            {
                using System;

                class Prompts
                {
                    void Ask(string botName, string password)
                    {
                        string loginText = Replies.FormatReply({|CS0103:Strings|}.EnterLogin, botName);
                        Console.Write(loginText);

                        string passwordText = Replies.FormatReply({|CS0103:Strings|}.EnterPassword, password);
                        Console.Write({|RMP0008:passwordText|});
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task The_same_names_holding_what_was_typed_or_formatted_with_a_secret_are_still_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Resources + """

            namespace App
            {
                using System;

                class Prompts
                {
                    void Echo(PasswordBox passwordBox, string password, string botName)
                    {
                        var passwordText = passwordBox.Text;
                        Console.Write({|RMP0008:passwordText|});

                        var shownText = string.Format(Strings.EnterPassword, password);
                        Console.Write({|RMP0008:shownText|});

                        var secretText = Strings.EnterPassword;
                        secretText = passwordBox.Text;
                        Console.Write({|RMP0008:secretText|});

                        var loginText = "Xk9#qLm2vR8z";
                        Console.Write({|RMP0008:loginText|});

                        var tokenText = Replies.FormatReply("Token: ", botName);
                        Console.Write({|RMP0008:tokenText|});
                    }
                }
            }
            """);
    }
}
