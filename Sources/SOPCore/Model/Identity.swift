/// The identity block of an SOP-AP document (Permenpan RB 35/2012).
public struct Identity: Sendable, Hashable, Codable {
    public struct Agency: Sendable, Hashable, Codable {
        /// e.g. "Pemerintah Kabupaten Lamandau".
        public var government: String?
        /// e.g. "Kabupaten Serdang Bedagai".
        public var regency: String
        /// e.g. "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu".
        public var office: String
        /// e.g. "Pelayanan Terpadu Satu Pintu".
        public var unit: String?

        public init(government: String? = nil, regency: String, office: String, unit: String? = nil) {
            self.government = government
            self.regency = regency
            self.office = office
            self.unit = unit
        }
    }

    public struct Dates: Sendable, Hashable, Codable {
        /// Tanggal Pembuatan.
        public var made: CivilDate?
        /// Tanggal Revisi.
        public var revised: CivilDate?
        /// Tanggal Efektif.
        public var effective: CivilDate?
        /// Tanggal Pengesahan.
        public var approved: CivilDate?

        public init(made: CivilDate? = nil, revised: CivilDate? = nil,
                    effective: CivilDate? = nil, approved: CivilDate? = nil) {
            self.made = made
            self.revised = revised
            self.effective = effective
            self.approved = approved
        }
    }

    /// "Disahkan oleh".
    public struct Approver: Sendable, Hashable, Codable {
        public var title: String
        public var name: String?
        /// Civil servant number, e.g. "19810722 200604 1 002".
        public var nip: String?
        /// Rank and grade, e.g. "Pembina Tingkat I (IV/b)".
        public var rank: String?

        public init(title: String, name: String? = nil, nip: String? = nil, rank: String? = nil) {
            self.title = title
            self.name = name
            self.nip = nip
            self.rank = rank
        }
    }

    public var agency: Agency
    public var number: String
    public var name: String
    public var dates: Dates
    public var approver: Approver

    public init(agency: Agency, number: String, name: String, dates: Dates, approver: Approver) {
        self.agency = agency
        self.number = number
        self.name = name
        self.dates = dates
        self.approver = approver
    }
}

/// A record kept while running the procedure ("Pencatatan dan Pendataan").
public struct RecordSpec: Sendable, Hashable, Codable {
    public var name: String
    public var form: String?

    public init(name: String, form: String? = nil) {
        self.name = name
        self.form = form
    }
}
