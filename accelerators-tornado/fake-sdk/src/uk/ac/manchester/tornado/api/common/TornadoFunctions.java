package uk.ac.manchester.tornado.api.common;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public interface TornadoFunctions {
@FunctionalInterface interface Task1<T1> { void apply(T1 a1); }
@FunctionalInterface interface Task2<T1,T2> { void apply(T1 a1, T2 a2); }
@FunctionalInterface interface Task3<T1,T2,T3> { void apply(T1 a1, T2 a2, T3 a3); }
@FunctionalInterface interface Task4<T1,T2,T3,T4> { void apply(T1 a1, T2 a2, T3 a3, T4 a4); }
@FunctionalInterface interface Task5<T1,T2,T3,T4,T5> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5); }
@FunctionalInterface interface Task6<T1,T2,T3,T4,T5,T6> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6); }
@FunctionalInterface interface Task7<T1,T2,T3,T4,T5,T6,T7> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7); }
@FunctionalInterface interface Task8<T1,T2,T3,T4,T5,T6,T7,T8> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8); }
@FunctionalInterface interface Task9<T1,T2,T3,T4,T5,T6,T7,T8,T9> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9); }
@FunctionalInterface interface Task10<T1,T2,T3,T4,T5,T6,T7,T8,T9,T10> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10); }
@FunctionalInterface interface Task11<T1,T2,T3,T4,T5,T6,T7,T8,T9,T10,T11> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11); }
@FunctionalInterface interface Task12<T1,T2,T3,T4,T5,T6,T7,T8,T9,T10,T11,T12> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12); }
@FunctionalInterface interface Task13<T1,T2,T3,T4,T5,T6,T7,T8,T9,T10,T11,T12,T13> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12, T13 a13); }
@FunctionalInterface interface Task14<T1,T2,T3,T4,T5,T6,T7,T8,T9,T10,T11,T12,T13,T14> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12, T13 a13, T14 a14); }
@FunctionalInterface interface Task15<T1,T2,T3,T4,T5,T6,T7,T8,T9,T10,T11,T12,T13,T14,T15> { void apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11, T12 a12, T13 a13, T14 a14, T15 a15); }
}