import Testing
@testable import GLPK

private typealias Row = BinaryProgram.Row

/// `SUM x[v] >= 1` over `variables`: "at least one of these".
private func atLeastOne(_ variables: [Int]) -> Row {
    Row(terms: variables.map { (variable: $0, coefficient: 1.0) }, lowerBound: 1)
}

/// `y - x >= 0`, i.e. `x <= y`: choosing `x` requires its group `y`.
private func requires(_ x: Int, group y: Int) -> Row {
    Row(terms: [(variable: y, coefficient: 1), (variable: x, coefficient: -1)], lowerBound: 0)
}

private func solveError(_ program: BinaryProgram, timeLimitSeconds: Double? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> GLPKError {
    try #require(throws: GLPKError.self, sourceLocation: sourceLocation) {
        try GLPK.solve(program, timeLimitSeconds: timeLimitSeconds)
    }
}

/// Brute force over all 2^n assignments: the optimum, or nil when infeasible.
private func bruteForceOptimum(_ program: BinaryProgram) -> Double? {
    var best: Double?
    for mask in 0..<(1 << program.variableCount) {
        let x = (0..<program.variableCount).map { mask & (1 << $0) != 0 ? 1.0 : 0.0 }
        let feasible = program.rows.allSatisfy { row in
            row.terms.reduce(0) { $0 + $1.coefficient * x[$1.variable] } >= row.lowerBound - 1e-9
        }
        guard feasible else { continue }
        let cost = zip(program.objective, x).reduce(0) { $0 + $1.0 * $1.1 }
        if best == nil || cost < best! { best = cost }
    }
    return best
}

private func satisfies(_ program: BinaryProgram, _ values: [Bool]) -> Bool {
    program.rows.allSatisfy { row in
        row.terms.reduce(0) { $0 + $1.coefficient * (values[$1.variable] ? 1 : 0) } >= row.lowerBound - 1e-9
    }
}

@Suite struct GLPKTests {
    @Test func versionIsNonEmpty() {
        let version = GLPK.version
        #expect(!version.isEmpty)
        #expect(version.contains { $0.isNumber })
    }

    @Test func emptyProgramIsTriviallyOptimal() throws {
        let solution = try GLPK.solve(BinaryProgram(objective: []))
        #expect(solution == BinarySolution(status: .optimal, values: [], objective: 0))
        // Rows without terms and a bound of at most zero are satisfied by the empty assignment.
        let withRows = try GLPK.solve(BinaryProgram(objective: [], rows: [Row(terms: [], lowerBound: 0),
                                                                           Row(terms: [], lowerBound: -3)]))
        #expect(withRows.status == .optimal)
        #expect(withRows.values.isEmpty)
        #expect(withRows.objective == 0)
    }

    @Test func emptyProgramWithAPositiveBoundIsInfeasible() throws {
        #expect(try solveError(BinaryProgram(objective: [], rows: [Row(terms: [], lowerBound: 1)])) == .infeasible)
    }

    @Test func emptyProgramWithATermIsAnInvalidVariable() throws {
        #expect(try solveError(BinaryProgram(objective: [], rows: [atLeastOne([0])]))
                == .invalidVariable(row: 0, variable: 0))
    }

    @Test func unconstrainedProgramMinimises() throws {
        // Minimisation: only negative costs are worth taking.
        let solution = try GLPK.solve(BinaryProgram(objective: [3, -2, 0.5, -0.25]))
        #expect(solution.status == .optimal)
        #expect(solution.values == [false, true, false, true])
        #expect(abs(solution.objective - -2.25) < 1e-9)
    }

    /// Elements 1...6; sets S0 = {1,2,3}, S1 = {4,5,6}, S2 = {1,2,4,5}, unit costs. Greedy
    /// takes S2 first (four new elements) and then needs both S0 and S1; the optimum is S0 + S1.
    @Test func setCoverWhereGreedyIsNotOptimal() throws {
        let sets: [Set<Int>] = [[1, 2, 3], [4, 5, 6], [1, 2, 4, 5]]
        let rows = (1...6).map { element in atLeastOne(sets.indices.filter { sets[$0].contains(element) }) }
        let program = BinaryProgram(objective: [1, 1, 1], rows: rows)
        let solution = try GLPK.solve(program)
        #expect(solution.status == .optimal)
        #expect(solution.values == [true, true, false])
        #expect(abs(solution.objective - 2) < 1e-9)
    }

    /// A weighted cover: the single cheapest-per-element set is a trap.
    @Test func weightedSetCoverMatchesBruteForce() throws {
        // Elements 0...4. Sets with costs: big {0,1,2,3,4} costs 5.5; pairs cost 2 each.
        let sets: [Set<Int>] = [[0, 1, 2, 3, 4], [0, 1], [2, 3], [4], [1, 4]]
        let costs: [Double] = [5.5, 2, 2, 2, 2]
        let rows = (0...4).map { element in atLeastOne(sets.indices.filter { sets[$0].contains(element) }) }
        let program = BinaryProgram(objective: costs, rows: rows)
        let solution = try GLPK.solve(program)
        #expect(solution.status == .optimal)
        #expect(satisfies(program, solution.values))
        let expected = try #require(bruteForceOptimum(program))
        #expect(abs(solution.objective - expected) < 1e-9)
        #expect(abs(expected - 5.5) < 1e-9)
        #expect(solution.values == [true, false, false, false, false])
    }

    /// Items x0, x1 (cost 1 each) belong to group y (variable 3); x0 <= y and x1 <= y are
    /// written as rows `y - x >= 0`. Element e1 is covered by x0 or x2, element e2 by x1 or
    /// x2, and x2 costs 5. With a cheap group the solver pays for y and takes x0 + x1
    /// (cost 2 + y); with an expensive group it avoids y and takes x2 alone (cost 5).
    @Test(arguments: [(groupCost: 1.0, usesGroup: true, objective: 3.0),
                      (groupCost: 2.5, usesGroup: true, objective: 4.5),
                      (groupCost: 4.0, usesGroup: false, objective: 5.0)])
    func groupVariableIsUsedOnlyWhenWorthIt(groupCost: Double, usesGroup: Bool, objective: Double) throws {
        let program = BinaryProgram(
            objective: [1, 1, 5, groupCost],
            rows: [atLeastOne([0, 2]), atLeastOne([1, 2]), requires(0, group: 3), requires(1, group: 3)])
        let solution = try GLPK.solve(program)
        #expect(solution.status == .optimal)
        #expect(satisfies(program, solution.values))
        #expect(abs(solution.objective - objective) < 1e-9)
        if usesGroup {
            #expect(solution.values == [true, true, false, true])
        } else {
            #expect(solution.values == [false, false, true, false])
        }
        let best = try #require(bruteForceOptimum(program))
        #expect(abs(best - objective) < 1e-9)
    }

    @Test func groupConstraintForcesTheGroupEvenWhenItCostsMore() throws {
        // x0 is required; it needs group y (variable 1), however expensive.
        let program = BinaryProgram(objective: [1, 100], rows: [atLeastOne([0]), requires(0, group: 1)])
        let solution = try GLPK.solve(program)
        #expect(solution.values == [true, true])
        #expect(abs(solution.objective - 101) < 1e-9)
    }

    @Test func infeasibleWhenTheLPRelaxationIsInfeasible() throws {
        // x0 + x1 >= 3 cannot hold with binaries (nor with 0 <= x <= 1).
        let program = BinaryProgram(objective: [1, 1], rows: [Row(terms: [(0, 1), (1, 1)], lowerBound: 3)])
        #expect(try solveError(program) == .infeasible)
    }

    @Test func infeasibleWhenOnlyTheIntegralityFails() throws {
        // 2 x0 >= 1 and -2 x0 >= -1 force x0 = 0.5: the relaxation is feasible, no binary is.
        let program = BinaryProgram(objective: [1, 1],
                                    rows: [Row(terms: [(0, 2)], lowerBound: 1), Row(terms: [(0, -2)], lowerBound: -1),
                                           atLeastOne([1])])
        #expect(try solveError(program) == .infeasible)
    }

    @Test func infeasibleConflictingRows() throws {
        // x0 >= 1 and -x0 >= 0.
        let program = BinaryProgram(objective: [0], rows: [atLeastOne([0]), Row(terms: [(0, -1)], lowerBound: 0)])
        #expect(try solveError(program) == .infeasible)
        #expect(GLPKError.infeasible.description.contains("no feasible solution"))
    }

    @Test func emptyRowWithPositiveBoundIsInfeasible() throws {
        let program = BinaryProgram(objective: [1, 2], rows: [atLeastOne([0]), Row(terms: [], lowerBound: 1)])
        #expect(try solveError(program) == .infeasible)
    }

    @Test func invalidVariableIndexNamesRowAndVariable() throws {
        let tooLarge = BinaryProgram(objective: [1, 1], rows: [atLeastOne([0]), atLeastOne([1, 2])])
        #expect(try solveError(tooLarge) == .invalidVariable(row: 1, variable: 2))
        let negative = BinaryProgram(objective: [1, 1], rows: [atLeastOne([-1])])
        #expect(try solveError(negative) == .invalidVariable(row: 0, variable: -1))
        let description = GLPKError.invalidVariable(row: 1, variable: 2).description
        #expect(description.contains("constraint 1"))
        #expect(description.contains("variable 2"))
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteNumbersAreRejected(bad: Double) throws {
        let objective = BinaryProgram(objective: [1, bad], rows: [atLeastOne([0])])
        guard case .invalidCoefficient(let what) = try solveError(objective) else {
            Issue.record("expected invalidCoefficient for the objective"); return
        }
        #expect(what.contains("objective"))

        let coefficient = BinaryProgram(objective: [1, 1],
                                        rows: [atLeastOne([0]), Row(terms: [(1, bad)], lowerBound: 0)])
        guard case .invalidCoefficient(let where1) = try solveError(coefficient) else {
            Issue.record("expected invalidCoefficient for a coefficient"); return
        }
        #expect(where1.contains("constraint 1"))

        let bound = BinaryProgram(objective: [1, 1], rows: [Row(terms: [(0, 1)], lowerBound: bad)])
        guard case .invalidCoefficient(let where2) = try solveError(bound) else {
            Issue.record("expected invalidCoefficient for a bound"); return
        }
        #expect(where2.contains("constraint 0"))
        #expect(GLPKError.invalidCoefficient("the objective").description.contains("non-finite"))
    }

    @Test func zeroCoefficientsAreAllowed() throws {
        let program = BinaryProgram(objective: [1, 1], rows: [Row(terms: [(0, 0), (1, 1)], lowerBound: 1)])
        let solution = try GLPK.solve(program)
        #expect(solution.values == [false, true])
    }

    /// The same variable twice in one row means the sum of its coefficients (GLPK itself
    /// aborts the process on duplicate column indices, so the wrapper must merge them).
    @Test func repeatedVariableInARowIsSummed() throws {
        // x0 + x0 >= 2 forces x0; x1 - x1 >= 0 is always true.
        let program = BinaryProgram(objective: [1, 1],
                                    rows: [Row(terms: [(0, 1), (0, 1)], lowerBound: 2),
                                           Row(terms: [(1, 1), (1, -1)], lowerBound: 0)])
        let solution = try GLPK.solve(program)
        #expect(solution.values == [true, false])
        #expect(abs(solution.objective - 1) < 1e-9)
    }

    @Test func generousTimeLimitStillProvesOptimality() throws {
        let program = BinaryProgram(objective: [1, 1, 1], rows: [atLeastOne([0, 1]), atLeastOne([1, 2])])
        let solution = try GLPK.solve(program, timeLimitSeconds: 60)
        #expect(solution.status == .optimal)
        #expect(solution.values == [false, true, false])
    }

    /// Time limits that do not fit GLPK's millisecond `Int32` must not trap, and a negative
    /// one must not reach GLPK (which aborts on a negative `tm_lim`).
    @Test(arguments: [1e12, 1e300, Double.infinity, -1, -Double.infinity, Double.nan])
    func extremeTimeLimitsDoNotCrash(seconds: Double) throws {
        let program = BinaryProgram(objective: [1, 1, 1], rows: [atLeastOne([0, 1]), atLeastOne([1, 2])])
        do {
            let solution = try GLPK.solve(program, timeLimitSeconds: seconds)
            #expect(satisfies(program, solution.values))
            if seconds > 1 { #expect(solution.status == .optimal) }
        } catch {
            // With no time at all, GLPK may stop before finding a solution.
            #expect(seconds <= 0 || seconds.isNaN)
            #expect(error == .noSolutionWithinTimeLimit)
        }
    }

    @Test func solvingTwiceGivesTheSameAnswer() throws {
        let sets: [Set<Int>] = [[0, 1], [1, 2], [2, 3], [3, 0], [0, 2]]
        let rows = (0...3).map { element in atLeastOne(sets.indices.filter { sets[$0].contains(element) }) }
        let program = BinaryProgram(objective: [2, 2, 2, 2, 3], rows: rows)
        let first = try GLPK.solve(program)
        let second = try GLPK.solve(program)
        #expect(first == second)
        let best = try #require(bruteForceOptimum(program))
        #expect(abs(first.objective - best) < 1e-9)
    }

    @Test func rowEquality() {
        #expect(Row(terms: [(0, 1), (1, -1)], lowerBound: 0) == Row(terms: [(0, 1), (1, -1)], lowerBound: 0))
        #expect(Row(terms: [(0, 1)], lowerBound: 0) != Row(terms: [(0, 1)], lowerBound: 1))
        #expect(Row(terms: [(0, 1)], lowerBound: 0) != Row(terms: [(1, 1)], lowerBound: 0))
        #expect(Row(terms: [(0, 1)], lowerBound: 0) != Row(terms: [(0, 1), (0, 1)], lowerBound: 0))
        #expect(BinaryProgram(objective: [1, 2, 3]).variableCount == 3)
    }
}
