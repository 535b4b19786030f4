package io.simclr.cli;

import io.simclr.util.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Adds tables of {@link Flag}s to a command and turns what was given into config records. */
final class Flags {
  private Flags() {}

  /** The tables one after the other. */
  @SafeVarargs
  static <R> List<Flag<R, ?>> concat(List<Flag<R, ?>>... tables) {
    List<Flag<R, ?>> all = new ArrayList<>();
    for (List<Flag<R, ?>> t : tables) {
      all.addAll(t);
    }
    return List.copyOf(all);
  }

  /** Adds {@code flags} to {@code spec} as one help section under {@code heading}. */
  static <R> void addGroup(CommandSpec spec, String heading, List<Flag<R, ?>> flags, R shownDefaults) {
    ArgGroupSpec.Builder group = ArgGroupSpec.builder().heading(heading).exclusive(false).multiplicity("0..1");
    for (Flag<R, ?> f : flags) {
      group.addArg(f.option(shownDefaults));
    }
    spec.addArgGroup(group.build());
  }

  /** {@code base} with every flag given on the command line applied; the others leave it as it is. */
  static <R> R apply(List<Flag<R, ?>> flags, R base, ParseResult pr) {
    R r = base;
    for (Flag<R, ?> f : flags) {
      if (f.given(pr)) {
        r = f.applyGiven(r, pr);
      }
    }
    return r;
  }

  /**
   * Fails naming the first flag given on the command line whose value differs from {@code fixed}
   * (a resumed run's recipe); flags that repeat the recorded value are fine.
   */
  static <R> void requireUnchanged(List<Flag<R, ?>> flags, R fixed, ParseResult pr, String why) {
    for (Flag<R, ?> f : flags) {
      if (f.given(pr)) {
        R changed = f.applyGiven(fixed, pr);
        if (!changed.equals(fixed)) {
          throw new InvalidConfigException(f.name() + " " + f.display(changed) + " differs from the recorded "
              + f.display(fixed) + "; " + why);
        }
      }
    }
  }
}
