import CGLPK

/// A 0-1 integer program: minimise `c·x` subject to rows `lower <= a·x`, with every
/// variable binary. Solved by GLPK's branch-and-cut (`glp_intopt` with presolve).
///
/// This is the only place the project talks to GLPK; everything above it sees plain
/// Swift values and errors. GLPK's terminal output is switched off while solving.
public struct BinaryProgram: Sendable {
    /// One constraint row: `SUM coefficient * x[variable] >= lowerBound`.
    public struct Row: Sendable, Equatable {
        public var terms: [(variable: Int, coefficient: Double)]
        public var lowerBound: Double

        public init(terms: [(variable: Int, coefficient: Double)], lowerBound: Double) {
            self.terms = terms
            self.lowerBound = lowerBound
        }

        public static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.lowerBound == rhs.lowerBound && lhs.terms.count == rhs.terms.count
                && zip(lhs.terms, rhs.terms).allSatisfy {
                    $0.variable == $1.variable && $0.coefficient == $1.coefficient
                }
        }
    }

    public var objective: [Double]
    public var rows: [Row]

    public init(objective: [Double], rows: [Row] = []) {
        self.objective = objective
        self.rows = rows
    }

    public var variableCount: Int { objective.count }
}

/// The outcome of solving a `BinaryProgram`.
public struct BinarySolution: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Proven optimal.
        case optimal
        /// Feasible, but the time limit stopped the search before optimality was proven.
        case feasible
    }
    public var status: Status
    public var values: [Bool]
    public var objective: Double
}

public enum GLPKError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidVariable(row: Int, variable: Int)
    case invalidCoefficient(String)
    case infeasible
    case noSolutionWithinTimeLimit
    case solverFailed(code: Int32)

    public var description: String {
        switch self {
        case .invalidVariable(let row, let variable):
            return "constraint \(row) refers to variable \(variable), which does not exist"
        case .invalidCoefficient(let what): return "non-finite number in \(what)"
        case .infeasible: return "the integer program has no feasible solution"
        case .noSolutionWithinTimeLimit: return "GLPK found no feasible solution within the time limit"
        case .solverFailed(let code): return "GLPK failed (glp_intopt returned \(code))"
        }
    }
}

public enum GLPK {
    /// The linked GLPK library's version, e.g. "5.0".
    public static var version: String { String(cString: glp_version()) }

    /// Solves `program` exactly; after `timeLimitSeconds` the best solution found so far
    /// is returned with status `.feasible`.
    public static func solve(_ program: BinaryProgram,
                             timeLimitSeconds: Double? = nil) throws(GLPKError) -> BinarySolution {
        for value in program.objective where !value.isFinite { throw .invalidCoefficient("the objective") }
        for (index, row) in program.rows.enumerated() {
            guard row.lowerBound.isFinite else { throw .invalidCoefficient("constraint \(index)'s bound") }
            for term in row.terms {
                guard term.variable >= 0 && term.variable < program.variableCount else {
                    throw .invalidVariable(row: index, variable: term.variable)
                }
                guard term.coefficient.isFinite else { throw .invalidCoefficient("constraint \(index)") }
            }
        }
        if program.variableCount == 0 {
            // GLPK rejects an empty problem; the answer is trivial.
            if program.rows.contains(where: { $0.lowerBound > 0 }) { throw .infeasible }
            return BinarySolution(status: .optimal, values: [], objective: 0)
        }

        let previousOutput = glp_term_out(GLP_OFF)
        defer { glp_term_out(previousOutput) }
        guard let problem = glp_create_prob() else { throw .solverFailed(code: -1) }
        defer { glp_delete_prob(problem) }

        glp_set_obj_dir(problem, GLP_MIN)
        glp_add_cols(problem, Int32(program.variableCount))
        for (index, cost) in program.objective.enumerated() {
            let column = Int32(index + 1)
            glp_set_col_kind(problem, column, GLP_BV)
            glp_set_obj_coef(problem, column, cost)
        }
        if !program.rows.isEmpty {
            glp_add_rows(problem, Int32(program.rows.count))
            for (index, row) in program.rows.enumerated() {
                let rowNumber = Int32(index + 1)
                glp_set_row_bnds(problem, rowNumber, GLP_LO, row.lowerBound, 0)
                // GLPK aborts the process on a repeated column index in a row, so a
                // variable given more than once gets the sum of its coefficients.
                var merged: [Int: Double] = [:]
                for term in row.terms { merged[term.variable, default: 0] += term.coefficient }
                let terms = merged.sorted { $0.key < $1.key }
                // GLPK arrays are 1-based: element 0 is ignored.
                var indices: [Int32] = [0] + terms.map { Int32($0.key + 1) }
                var values: [Double] = [0] + terms.map(\.value)
                glp_set_mat_row(problem, rowNumber, Int32(terms.count), &indices, &values)
            }
        }

        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.presolve = GLP_ON
        parameters.msg_lev = GLP_MSG_OFF
        if let timeLimitSeconds {
            // In GLPK's Int32 milliseconds: `Int(_:)` would trap on NaN or a huge value, and
            // GLPK aborts on a negative limit (zero stops at once; Int32.max means no limit).
            let milliseconds = (timeLimitSeconds * 1000).rounded(.up)
            parameters.tm_lim = milliseconds >= Double(Int32.max) ? Int32.max
                : milliseconds > 0 ? Int32(milliseconds) : 0
        }
        let code = glp_intopt(problem, &parameters)
        let status = glp_mip_status(problem)
        switch (code, status) {
        case (_, GLP_NOFEAS), (GLP_ENOPFS, _): throw .infeasible
        case (0, GLP_OPT): break
        case (GLP_ETMLIM, GLP_FEAS), (0, GLP_FEAS): break
        case (GLP_ETMLIM, _): throw .noSolutionWithinTimeLimit
        default: throw .solverFailed(code: code)
        }
        let values = (0..<program.variableCount).map { glp_mip_col_val(problem, Int32($0 + 1)) > 0.5 }
        return BinarySolution(status: status == GLP_OPT ? .optimal : .feasible,
                              values: values, objective: glp_mip_obj_val(problem))
    }
}
