using System.Globalization;

namespace Rampart.Analyzers.RealCode.Packages;

/// <summary>
/// MSBuild conditions as far as project files use them: <c>==</c>, <c>!=</c>, the ordering
/// operators on numbers, <c>and</c>, <c>or</c>, <c>!</c>, parentheses, <c>Exists()</c> and
/// <c>HasTrailingSlash()</c>. Each operand is expanded before it is compared; a condition it cannot
/// read is false.
/// </summary>
internal static class ConditionEvaluator
{
    public static bool Evaluate(string condition, Func<string, string> expand, Func<string, bool> exists)
    {
        try
        {
            var parser = new Parser(Tokenize(condition), expand, exists);
            var value = parser.Or();
            return parser.AtEnd && value;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private enum Kind { Quoted, Word, Operator, Open, Close, Comma }

    private readonly record struct Token(Kind Kind, string Text);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var start = ++i;
                while (i < text.Length && text[i] != '\'')
                {
                    i = text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(' ? SkipParentheses(text, i + 1) : i + 1;
                }

                if (i >= text.Length)
                {
                    throw new FormatException("unterminated string");
                }

                tokens.Add(new Token(Kind.Quoted, text[start..i]));
                i++;
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                var two = i + 1 < text.Length && text[i + 1] == '=';
                tokens.Add(new Token(Kind.Operator, two ? text.Substring(i, 2) : c.ToString()));
                i += two ? 2 : 1;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(Kind.Open, "("));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(Kind.Close, ")"));
                i++;
            }
            else if (c == ',')
            {
                tokens.Add(new Token(Kind.Comma, ","));
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('=' or '!' or '<' or '>' or '(' or ')' or ',' or '\''))
                {
                    i = text[i] is '$' or '@' or '%' && i + 1 < text.Length && text[i + 1] == '(' ? SkipParentheses(text, i + 1) : i + 1;
                }

                tokens.Add(new Token(Kind.Word, text[start..i]));
            }
        }

        return tokens;
    }

    /// <summary>The index just past the parenthesis that closes the one at <paramref name="open"/>.</summary>
    private static int SkipParentheses(string text, int open)
    {
        var depth = 0;
        var quoted = false;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '\'' && depth > 0)
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == '(')
            {
                depth++;
            }
            else if (!quoted && text[i] == ')' && --depth == 0)
            {
                return i + 1;
            }
        }

        throw new FormatException("unbalanced parentheses");
    }

    private sealed class Parser(List<Token> tokens, Func<string, string> expand, Func<string, bool> exists)
    {
        private int position;

        public bool AtEnd => position == tokens.Count;

        public bool Or()
        {
            var value = And();
            while (IsWord("or"))
            {
                position++;
                value = And() | value;
            }

            return value;
        }

        private bool And()
        {
            var value = Not();
            while (IsWord("and"))
            {
                position++;
                value = Not() & value;
            }

            return value;
        }

        private bool Not()
        {
            if (Peek() is { Kind: Kind.Operator, Text: "!" })
            {
                position++;
                return !Not();
            }

            return Comparison();
        }

        private bool Comparison()
        {
            if (Peek() is { Kind: Kind.Open })
            {
                position++;
                var inner = Or();
                Expect(Kind.Close);
                return inner;
            }

            var left = Operand();
            if (Peek() is { Kind: Kind.Operator } op && op.Text != "!")
            {
                position++;
                var right = Operand();
                return op.Text switch
                {
                    "==" => string.Equals(left, right, StringComparison.OrdinalIgnoreCase),
                    "!=" => !string.Equals(left, right, StringComparison.OrdinalIgnoreCase),
                    _ => Ordered(left, right, op.Text),
                };
            }

            return left.ToLowerInvariant() switch
            {
                "true" or "on" or "yes" or "!false" => true,
                "false" or "off" or "no" or "!true" or "" => false,
                _ => throw new FormatException("not a boolean"),
            };
        }

        private static bool Ordered(string left, string right, string op)
        {
            if (!double.TryParse(left, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) || !double.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            {
                if (!Version.TryParse(left, out var va) || !Version.TryParse(right, out var vb))
                {
                    throw new FormatException("not comparable");
                }

                a = va.CompareTo(vb);
                b = 0;
            }

            return op switch
            {
                "<" => a < b,
                ">" => a > b,
                "<=" => a <= b,
                ">=" => a >= b,
                _ => throw new FormatException("unknown operator"),
            };
        }

        private string Operand()
        {
            var token = Peek() ?? throw new FormatException("operand expected");
            position++;
            if (token.Kind == Kind.Quoted)
            {
                return expand(token.Text);
            }

            if (token.Kind != Kind.Word)
            {
                throw new FormatException("operand expected");
            }

            if (Peek() is { Kind: Kind.Open } && token.Text.ToLowerInvariant() is "exists" or "hastrailingslash")
            {
                position++;
                var argument = Operand();
                Expect(Kind.Close);
                return token.Text.Equals("exists", StringComparison.OrdinalIgnoreCase)
                    ? (exists(argument.Trim()) ? "true" : "false")
                    : (argument.EndsWith('/') || argument.EndsWith('\\') ? "true" : "false");
            }

            return expand(token.Text);
        }

        private bool IsWord(string word) => Peek() is { Kind: Kind.Word } t && t.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

        private Token? Peek() => position < tokens.Count ? tokens[position] : null;

        private void Expect(Kind kind)
        {
            if (Peek()?.Kind != kind)
            {
                throw new FormatException($"{kind} expected");
            }

            position++;
        }
    }
}
