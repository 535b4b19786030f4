package io.simclr.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * One command-line flag bound to one field of a config record {@code R}: its picocli option
 * (help text, type, and the default read from the record's defaults), how to read the field and
 * how to set it. The tables of these are the only place a flag and its field are connected.
 *
 * @param description help text; {@code ${DEFAULT-VALUE}} shows the default
 */
record Flag<R, T>(String name, Class<T> type, String description, Function<R, T> get, BiFunction<R, T, R> set) {

  /** This flag on a record {@code P} that holds an {@code R}: e.g. a model flag on a recipe. */
  <P> Flag<P, T> on(Function<P, R> part, BiFunction<P, R, P> withPart) {
    return new Flag<>(name, type, description, p -> get.apply(part.apply(p)),
        (p, v) -> withPart.apply(p, set.apply(part.apply(p), v)));
  }

  /** The picocli option, its default shown from {@code defaults} (none where the field is null). */
  OptionSpec option(R defaults) {
    OptionSpec.Builder b = OptionSpec.builder(name).type(type).description(description)
        .paramLabel("<" + name.substring(2) + ">");
    boolean onOff = type == boolean.class || type == Boolean.class;
    if (onOff) {
      // --x turns it on, --no-x off, whatever the default
      b.arity("0").negatable(true);
    }
    T v = defaults == null ? null : get.apply(defaults);
    // no picocli default for on/off flags: given a default of true, picocli reads --x as "the
    // opposite of the default", so --global-bn would turn global batch norm off
    if (v != null && !onOff) {
      b.defaultValue(format(v));
    }
    return b.build();
  }

  boolean given(ParseResult pr) {
    return pr.hasMatchedOption(name);
  }

  /** {@code r} with this field set to the value given on the command line. */
  R applyGiven(R r, ParseResult pr) {
    return set.apply(r, pr.matchedOptionValue(name, null));
  }

  /** The field's value in {@code r}, as the command line writes it. */
  String display(R r) {
    return format(get.apply(r));
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      // 0.3333333333333333 reads better as 0.333333; exact values print as they are
      return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v);
  }
}
