package io.simclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simclr.config.Recipe;
import io.simclr.util.ImageShape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/** Flag tables parsed as a user types them. */
class FlagTest {
  private static Recipe parse(Recipe base, String... args) {
    CommandSpec spec = CommandSpec.create();
    Flags.addGroup(spec, "Recipe:%n", RecipeFlags.ALL, base);
    CommandLine.ParseResult pr = new CommandLine(spec).parseArgs(args);
    return Flags.apply(RecipeFlags.ALL, base, pr);
  }

  @Test
  void onOffFlagsSayWhatTheyMeanWhateverTheDefault() {
    Recipe on = Recipe.defaults(Path.of("/d"), new ImageShape(28, 28, 1));
    assertEquals(true, on.globalBn(), "global BN is the default");
    Recipe off = on.withGlobalBn(false).withOnlineProbe(true);
    for (Recipe base : List.of(on, off)) {
      assertEquals(true, parse(base, "--global-bn").globalBn());
      assertEquals(false, parse(base, "--no-global-bn").globalBn());
      assertEquals(base.globalBn(), parse(base).globalBn());
      assertEquals(true, parse(base, "--online-probe").onlineProbe());
      assertEquals(false, parse(base, "--no-online-probe").onlineProbe());
    }
  }
}
