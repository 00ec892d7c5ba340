package com.orbusdigital.oid.factor;

import com.orbusdigital.oid.protocol.Assurance;
import java.util.Set;

/** What a sign-in needs next, after each factor proved ({@link SignInPolicy#next}). */
public sealed interface SignInStep {

    /** Enough: the session starts (or is stepped up) at {@code achieved}. */
    record Done(Assurance achieved) implements SignInStep {}

    /** One more factor, by any of {@code offered}, to reach {@code needed}. */
    record ProveAnother(Assurance needed, Set<Method> offered) implements SignInStep {
        public ProveAnother {
            offered = Set.copyOf(offered);
        }
    }

    /** The user has no factor that reaches {@code needed}: they set one of {@code choices} up now. */
    record Enrol(Assurance needed, Set<Method> choices) implements SignInStep {
        public Enrol {
            choices = Set.copyOf(choices);
        }
    }
}
